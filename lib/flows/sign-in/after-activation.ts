import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import type { Language } from "@/lib/i18n/languages";
import { consumeRateLimit } from "@/lib/rate-limit";
import { newSessionRow, type SessionTimes } from "@/lib/session/sessions";
import { openPasswordSession } from "./open-session";

export type ActivationSignIn =
  | { ok: true; userId: string; sessionId: string; language: Language }
  /** The account is active all the same: the person signs in by hand. */
  | { ok: false; reason: "rateLimited" | "notActive" };

/**
 * Signs in the person whose activation (`activateAccount`) has just succeeded, with the password
 * they set: the link proved them and the password was hashed a moment ago, so it is not verified
 * again (no second argon2 run). The rest is a password sign-in's: the per-IP limit first, then
 * the session row, the cleared failure count and the `login.succeeded` audit row in one
 * statement. Call it with the user id `activateAccount` returned, and nothing else.
 */
export async function signInAfterActivation(
  db: Db,
  input: { userId: string },
  ctx: { now: Date; ip: string; userAgent: string | null; sessionTimes: SessionTimes },
): Promise<ActivationSignIn> {
  const limit = await consumeRateLimit(db, "loginPerIp", ctx.ip);
  if (!limit.allowed) {
    await recordAudit(db, { event: "login.rate_limited", ip: ctx.ip, userAgent: ctx.userAgent });
    return { ok: false, reason: "rateLimited" };
  }
  const [user] = await db
    .select({ organizationId: users.organizationId, language: users.language, status: users.status })
    .from(users)
    .where(eq(users.id, input.userId))
    .limit(1);
  if (user?.status !== "active") return { ok: false, reason: "notActive" };
  const session = newSessionRow({
    userId: input.userId,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    now: ctx.now,
    times: ctx.sessionTimes,
  });
  const opened = await openPasswordSession(db, {
    userId: input.userId,
    organizationId: user.organizationId,
    session,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    now: ctx.now,
  });
  if (!opened) return { ok: false, reason: "notActive" };
  return { ok: true, userId: input.userId, sessionId: session.id, language: user.language };
}
