import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { auditEvents, users } from "@/lib/db/schema";
import type { LoginContext } from "@/lib/flows/sign-in/login";

export const sessionTimes = { maxAgeHours: 12, idleMinutes: 60 };

/** A clock the test moves by hand: no sleeping. */
export function testClock(start = new Date("2026-11-22T10:00:00Z")) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

export function loginContext(now: Date, ip = "203.0.113.7"): LoginContext {
  return { now, ip, userAgent: "vitest", sessionTimes, appOrigin: "https://tunnus.example" };
}

export async function userByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  if (!row) throw new Error(`no user ${email}`);
  return row;
}

export async function auditFor(db: Db, event: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.event, event));
}

/**
 * The newest message to a recipient, with its props as it will be rendered: links and codes
 * opened from the seal while it waits (delivery and a final failure remove them).
 */
export async function latestOutboxTo(db: Db, recipient: string) {
  const { outbox } = await import("@/lib/db/schema");
  const { desc } = await import("drizzle-orm");
  const { propsForSending } = await import("@/lib/messages/outbox");
  const [row] = await db
    .select()
    .from(outbox)
    .where(eq(outbox.recipient, recipient))
    .orderBy(desc(outbox.createdAt))
    .limit(1);
  return row && { ...row, props: propsForSending(row) };
}

/** The secret at the end of a link in a message's props. */
export const secretFromUrl = (url: unknown) => String(url).split("/").pop()!;
