import { createHmac, timingSafeEqual } from "node:crypto";
import Bowser from "bowser";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { authSecret } from "@/lib/session/dev-secret";
import { revokeGrantsOf } from "@/lib/oidc/grants";
import { revokeAllSessions, revokeSession } from "@/lib/session/sessions";
import type { Db } from "@/lib/db/client";
import { sessions, type User } from "@/lib/db/schema";
import type { Failure, FlowContext, Ok } from "@/lib/flows/context";

export type DeviceSession = {
  /** What the page names the session by: never its id, which is the secret inside the session cookie. */
  handle: string;
  browser: string | null;
  system: string | null;
  ip: string | null;
  method: string;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
};

/** "Firefox 140" and "Windows 11" from a user agent; null parts when it says nothing useful. */
function describeUserAgent(userAgent: string | null): { browser: string | null; system: string | null } {
  if (!userAgent) return { browser: null, system: null };
  const ua = Bowser.parse(userAgent);
  const major = ua.browser.version?.split(".")[0];
  const browser = ua.browser.name ? `${ua.browser.name}${major ? ` ${major}` : ""}` : null;
  const system = ua.os.name
    ? `${ua.os.name}${ua.os.versionName ? ` ${ua.os.versionName}` : ua.os.version ? ` ${ua.os.version}` : ""}`
    : null;
  return { browser, system };
}

/**
 * A session's name on the page: an HMAC of its id with the server secret, 128 bits. Stable, so a
 * form rendered a moment ago still names the same device; useless without the secret to find or
 * forge an id; and resolved only among the person's own sessions.
 */
export function sessionHandle(sessionId: string, secret: string): string {
  return createHmac("sha256", secret).update(`tunnus.session-handle.${sessionId}`).digest("base64url").slice(0, 22);
}

/** `handleSecret`: the key of the handles, the server's AUTH_SECRET unless a test gives its own. */
type OwnSessions = { userId: string; currentSessionId: string; handleSecret?: string };

async function activeSessions(db: Db, userId: string, now: Date) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt))
    .limit(50);
}

/** The person's signed-in devices, newest activity first, this one marked. */
export async function listOwnSessions(db: Db, input: OwnSessions, now: Date): Promise<DeviceSession[]> {
  const rows = await activeSessions(db, input.userId, now);
  const secret = input.handleSecret ?? authSecret();
  return rows.map((s) => ({
    handle: sessionHandle(s.id, secret),
    ...describeUserAgent(s.userAgent),
    ip: s.ip,
    method: s.method,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    current: s.id === input.currentSessionId,
  }));
}

const sameHandle = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export type RevokeResult = Ok | Failure<"notFound" | "current">;

/**
 * "Kirjaa ulos" on one device: the handle is looked for among the person's own active sessions
 * only (another person's, a stale or a made-up one finds nothing). This device signs out with
 * the sign-out button instead, which also clears its cookie.
 */
export async function revokeOwnSession(
  db: Db,
  input: { user: User; handle: string } & Omit<OwnSessions, "userId">,
  ctx: FlowContext,
): Promise<RevokeResult> {
  const secret = input.handleSecret ?? authSecret();
  const own = (await activeSessions(db, input.user.id, ctx.now)).find((s) =>
    sameHandle(sessionHandle(s.id, secret), input.handle),
  );
  if (!own) return { ok: false, reason: "notFound" };
  if (own.id === input.currentSessionId) return { ok: false, reason: "current" };
  await revokeSession(db, own.id, ctx.now);
  await recordAudit(db, {
    event: "session.revoked",
    organizationId: input.user.organizationId,
    actorUserId: input.user.id,
    subjectUserId: input.user.id,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  return { ok: true };
}

/** "Kirjaudu ulos kaikilta laitteilta": every session, this one included. */
export async function signOutEverywhere(db: Db, input: { user: User }, ctx: FlowContext): Promise<number> {
  const ended = await revokeAllSessions(db, input.user.id, ctx.now);
  // The services signed in through Tunnus too: their grants and refresh tokens end. Their own
  // sessions end by back-channel logout, which the caller sends (lib/oidc/logout.ts).
  await revokeGrantsOf(db, { subject: input.user.oidcSubject });
  await recordAudit(db, {
    event: "session.revoked_all",
    organizationId: input.user.organizationId,
    actorUserId: input.user.id,
    subjectUserId: input.user.id,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details: { sessionsEnded: ended },
  });
  return ended;
}
