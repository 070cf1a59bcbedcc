import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/client";
import { oneTimeTokens, organizations, outbox, type User, users } from "@/lib/db/schema";

let counter = 0;
let oldHash: Promise<string> | undefined;
export const OLD_PASSWORD = "vanha salasana joka unohtui";

type MemberOptions = {
  licence?: string;
  email?: string | null;
  emailVerified?: boolean;
  phone?: string | null;
  phoneVerified?: boolean;
  status?: User["status"];
  displayName?: string;
};

/**
 * A member of its own, so a test's requests, limits and codes never meet another test's (the
 * per-address limit counts by username and address). Verified e-mail, no phone, active, with a
 * password, unless told otherwise.
 */
export async function insertMember(db: Db, opts: MemberOptions = {}) {
  const licence = opts.licence ?? "123";
  const [org] = await db.select().from(organizations).where(eq(organizations.licence, licence));
  const username = `m${Date.now().toString(36)}${counter++}`;
  const now = new Date();
  const status = opts.status ?? "active";
  oldHash ??= hashPassword(OLD_PASSWORD);
  const [user] = await db
    .insert(users)
    .values({
      organizationId: org!.id,
      username,
      displayName: opts.displayName ?? "Testi Henkilö",
      email: opts.email === undefined ? `${username}@example.com` : opts.email,
      emailVerifiedAt: opts.emailVerified === false ? null : now,
      phone: opts.phone ?? null,
      phoneVerifiedAt: opts.phone && opts.phoneVerified !== false ? now : null,
      passwordHash: status === "invited" ? null : await oldHash,
      status,
    })
    .returning();
  return { user: user!, identifier: `${username}@${licence}`, organization: org! };
}

/** A Finnish mobile number no other test uses, in E.164. */
export const uniqueMobile = () => `+35840${String(randomInt(0, 10_000_000)).padStart(7, "0")}`;

export const userById = async (db: Db, id: string) => (await db.select().from(users).where(eq(users.id, id)))[0]!;
export const outboxOf = (db: Db, userId: string) => db.select().from(outbox).where(eq(outbox.userId, userId));
export const tokensOf = (db: Db, userId: string) => db.select().from(oneTimeTokens).where(eq(oneTimeTokens.userId, userId));
