import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { sessions, users } from "@/lib/db/schema";
import { type Env, env } from "@/lib/env";

export type SessionTimes = { maxAgeHours: number; idleMinutes: number };

/**
 * The lifetimes the operator chose: SESSION_MAX_AGE_HOURS from the sign-in, SESSION_IDLE_MINUTES
 * since the last request.
 */
export const sessionTimes = (e: Env = env()): SessionTimes => ({
  maxAgeHours: e.SESSION_MAX_AGE_HOURS,
  idleMinutes: e.SESSION_IDLE_MINUTES,
});

/** Last-seen is written at most this often, so an active page does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

type NewSession = {
  userId: string;
  method?: string;
  ip?: string | null;
  userAgent?: string | null;
  now: Date;
  times: SessionTimes;
};

/** The row of a new session: a random id (256 bits) and its lifetime from now. */
export function newSessionRow(input: NewSession) {
  return {
    id: randomBytes(32).toString("base64url"),
    userId: input.userId,
    method: input.method ?? "password",
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 512) ?? null,
    createdAt: input.now,
    lastSeenAt: input.now,
    expiresAt: new Date(input.now.getTime() + input.times.maxAgeHours * 3600_000),
  };
}

export async function createSession(db: Db, input: NewSession): Promise<string> {
  const row = newSessionRow(input);
  await db.insert(sessions).values(row);
  return row.id;
}

export type ActiveSession = { sessionId: string; userId: string };

/**
 * The session behind a JWT, or null when it is unknown, revoked, past its lifetime, idle too
 * long, or its user may no longer sign in. Called on every authenticated request.
 */
export async function validateSession(
  db: Db,
  sessionId: string,
  now: Date,
  times: SessionTimes,
): Promise<ActiveSession | null> {
  const idleSince = new Date(now.getTime() - times.idleMinutes * 60_000);
  const [row] = await db
    .select({ userId: sessions.userId, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sessionId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, idleSince),
        eq(users.status, "active"),
      ),
    )
    .limit(1);
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
  }
  return { sessionId, userId: row.userId };
}

export async function revokeSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** "Sign out everywhere", a password reset, a disabled account: all sessions (but `exceptId`) end. */
export async function revokeAllSessions(db: Db, userId: string, now: Date, exceptId?: string): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(
      and(eq(sessions.userId, userId), isNull(sessions.revokedAt), exceptId ? ne(sessions.id, exceptId) : sql`true`),
    )
    .returning({ id: sessions.id });
  return rows.length;
}
