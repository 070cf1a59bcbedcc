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

/** The newest message to a recipient, as `latestOutboxTo`, where the test expects one: none fails the test here. */
export async function messageTo(db: Db, recipient: string) {
  return must(await latestOutboxTo(db, recipient), `a message to ${recipient}`);
}

/** The code in the newest message to a recipient (a reset or verification code, by e-mail or SMS). */
export const codeSentTo = async (db: Db, recipient: string) => String((await messageTo(db, recipient)).props.code);

/** The accounts a reset-link e-mail or a username reminder lists, each with its link (reset links only). */
export const accountsIn = (message: { props: Record<string, unknown> }) =>
  message.props.accounts as { identifier: string; url: string }[];

/** The secret of the first account's link in a reset-link e-mail. */
export const linkSecretIn = (message: { props: Record<string, unknown> }) =>
  secretFromUrl(must(accountsIn(message)[0], "an account in the message").url);

/** The secret at the end of a link in a message's props. */
export const secretFromUrl = (url: unknown) => String(url).slice(String(url).lastIndexOf("/") + 1);

/** The first row of a query (or the first item of a list) where the test expects one: none fails the test here. */
export async function firstOf<T>(rows: PromiseLike<T[]> | T[], what: string): Promise<T> {
  return must((await rows)[0], what);
}

/**
 * `value` where the test expects it: a missing one (undefined or null) fails the test here, saying
 * what was missing, instead of a TypeError further on. Narrows the type as a `!` would, without lying.
 */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, found ${value}`);
  return value;
}
