import Bowser from "bowser";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { revokeAllSessions, revokeSession } from "@/lib/auth/sessions";
import type { Db } from "@/lib/db/client";
import { sessions, type User } from "@/lib/db/schema";

export type DeviceSession = {
  id: string;
  browser: string | null;
  system: string | null;
  ip: string | null;
  method: string;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
};

/** "Firefox 140" and "Windows 11" from a user agent; null parts when it says nothing useful. */
export function describeUserAgent(userAgent: string | null): { browser: string | null; system: string | null } {
  if (!userAgent) return { browser: null, system: null };
  const ua = Bowser.parse(userAgent);
  const major = ua.browser.version?.split(".")[0];
  const browser = ua.browser.name ? `${ua.browser.name}${major ? ` ${major}` : ""}` : null;
  const system = ua.os.name ? `${ua.os.name}${ua.os.versionName ? ` ${ua.os.versionName}` : ua.os.version ? ` ${ua.os.version}` : ""}` : null;
  return { browser, system };
}

/** The person's signed-in devices, newest activity first, this one marked. */
export async function listOwnSessions(db: Db, input: { userId: string; currentSessionId: string }, now: Date): Promise<DeviceSession[]> {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, input.userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt))
    .limit(50);
  return rows.map((s) => ({
    id: s.id,
    ...describeUserAgent(s.userAgent),
    ip: s.ip,
    method: s.method,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    current: s.id === input.currentSessionId,
  }));
}

type Ctx = { now: Date; ip: string; userAgent: string | null };

/** Ends one of the person's own sessions (another's id does nothing). */
export async function revokeOwnSession(db: Db, input: { user: User; sessionId: string }, ctx: Ctx): Promise<{ ok: boolean }> {
  const [own] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, input.sessionId), eq(sessions.userId, input.user.id), isNull(sessions.revokedAt)))
    .limit(1);
  if (!own) return { ok: false };
  await revokeSession(db, own.id, ctx.now);
  await recordAudit(db, { event: "session.revoked", organizationId: input.user.organizationId, actorUserId: input.user.id, subjectUserId: input.user.id, ip: ctx.ip, userAgent: ctx.userAgent });
  return { ok: true };
}

/** "Kirjaudu ulos kaikilta laitteilta": every session, this one included. */
export async function signOutEverywhere(db: Db, input: { user: User }, ctx: Ctx): Promise<number> {
  const ended = await revokeAllSessions(db, input.user.id, ctx.now);
  await recordAudit(db, { event: "session.revoked_all", organizationId: input.user.organizationId, actorUserId: input.user.id, subjectUserId: input.user.id, ip: ctx.ip, userAgent: ctx.userAgent, details: { sessionsEnded: ended } });
  return ended;
}
