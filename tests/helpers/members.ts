import { randomBytes, randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import { hashPassword } from "@/lib/password/hash";
import { createSession } from "@/lib/session/sessions";
import { accountById } from "@/lib/db/accounts";
import type { Db } from "@/lib/db/client";
import { oneTimeTokens, organizations, outbox, type User, users, type Organization } from "@/lib/db/schema";
import { createUser } from "@/lib/flows/admin/users";
import { queueResetLinkEmail } from "@/lib/flows/password/reset-by-link";
import { sessionTimes, firstOf, linkSecretIn, messageTo, must } from "./fixtures";
import { organizationByLicence } from "./db";

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

type Member = { user: User; identifier: string; organization: Organization };

/**
 * A member of its own, so a test's requests, limits and codes never meet another test's (the
 * per-address limit counts by username and address). Verified e-mail, no phone, active, with a
 * password, unless told otherwise. `email` is the member's address, unless it was made without.
 */
export async function insertMember(db: Db, opts: MemberOptions & { email: null }): Promise<Member>;
export async function insertMember(
  db: Db,
  opts?: MemberOptions & { email?: string },
): Promise<Member & { email: string }>;
export async function insertMember(db: Db, opts: MemberOptions = {}): Promise<Member & { email?: string }> {
  const licence = opts.licence ?? "123";
  const org = await organizationByLicence(db, licence);
  const username = `m${Date.now().toString(36)}${counter++}`;
  const now = new Date();
  const status = opts.status ?? "active";
  oldHash ??= hashPassword(OLD_PASSWORD);
  const [user] = await db
    .insert(users)
    .values({
      organizationId: org.id,
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
  const member = must(user, "the new member");
  return {
    user: member,
    identifier: `${username}@${licence}`,
    organization: org,
    ...(member.email === null ? {} : { email: member.email }),
  };
}

/** A Finnish mobile number no other test uses, in E.164. */
export const uniqueMobile = () => `+35840${String(randomInt(0, 10_000_000)).padStart(7, "0")}`;

/** The user's row as it is now. */
export const userById = async (db: Db, id: string) =>
  must((await db.select().from(users).where(eq(users.id, id)))[0], `user ${id}`);
/**
 * A message as a delivery that failed for good leaves it in the outbox: an e-mail in Finnish with
 * no props, unless `values` say otherwise. Returns the row.
 */
export const insertFailedMessage = (
  db: Db,
  values: Pick<typeof outbox.$inferInsert, "recipient" | "template"> & Partial<typeof outbox.$inferInsert>,
) =>
  firstOf(
    db
      .insert(outbox)
      .values({ channel: "email", language: "fi", props: {}, status: "failed", ...values })
      .returning(),
    `a failed message to ${values.recipient}`,
  );

export const outboxOf = (db: Db, userId: string) => db.select().from(outbox).where(eq(outbox.userId, userId));
export const tokensOf = (db: Db, userId: string) =>
  db.select().from(oneTimeTokens).where(eq(oneTimeTokens.userId, userId));

export const MEMBER_PASSWORD = OLD_PASSWORD;
export const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0";
export const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1";

/**
 * A fresh active member of Demo Oy (licence 123) with a verified e-mail (and phone, when given),
 * a password unless `password: false`, and a session that started `minutesAgo` (through
 * `method`, the password by default).
 */
export async function activeMember(
  db: Db,
  opts: { minutesAgo?: number; method?: string; phone?: string; password?: boolean } = {},
) {
  const name = `jasen${randomBytes(5).toString("hex")}`;
  const created = await createUser(
    db,
    { licence: "123", identifier: name, displayName: "Jaana Jäsen", email: `${name}@example.com` },
    { now: new Date(), actor: { userId: null }, appOrigin: "https://x" },
  );
  if (!created.ok) throw new Error("createUser");
  const now = new Date();
  await db
    .update(users)
    .set({
      status: "active",
      emailVerifiedAt: now,
      passwordHash: opts.password === false ? null : await hashPassword(MEMBER_PASSWORD),
      ...(opts.phone ? { phone: opts.phone, phoneVerifiedAt: now } : {}),
    })
    .where(eq(users.id, created.userId));
  const user = await userById(db, created.userId);
  const [organization] = await db.select().from(organizations).where(eq(organizations.id, user.organizationId));
  const started = new Date(Date.now() - (opts.minutesAgo ?? 1) * 60_000);
  const sessionId = await createSession(db, {
    userId: user.id,
    method: opts.method,
    now: started,
    times: sessionTimes,
    userAgent: FIREFOX,
    ip: "203.0.113.5",
  });
  return {
    user,
    organization: must(organization, "the member's organisation"),
    sessionId,
    email: `${name}@example.com`,
    identifier: `${name}@123`,
  };
}

/**
 * The secret of a reset link in the account's own e-mail, as "send a password link" queues it:
 * the public /order-password only sends for the revealing default organisation's accounts.
 */
export async function queueResetLinkFor(
  db: Db,
  userId: string,
  ctx: { now: Date; appOrigin: string },
): Promise<string> {
  const account = must(await accountById(db, userId), `user ${userId}`);
  const email = must(account.user.email, "the account's e-mail");
  await queueResetLinkEmail(db, email, [account], ctx);
  return linkSecretIn(await messageTo(db, email));
}
