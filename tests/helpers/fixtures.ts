import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { auditEvents, users } from "@/lib/db/schema";
import type { LoginContext } from "@/lib/flows/login";

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
  return { now, ip, userAgent: "vitest", sessionTimes };
}

export async function userByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  if (!row) throw new Error(`no user ${email}`);
  return row;
}

export async function auditFor(db: Db, event: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.event, event));
}
