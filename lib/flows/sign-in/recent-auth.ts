import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { verifyPassword } from "@/lib/password/hash";
import type { Db } from "@/lib/db/client";
import { sessions, type User } from "@/lib/db/schema";
import { consumeRateLimit, resetRateLimit } from "@/lib/rate-limit";
import { PASSWORD_MAX } from "@/lib/validation/limits";
import type { Failure, FlowContext, Ok } from "@/lib/flows/context";

/** Changes of e-mail, phone and password need a sign-in this recent, or the current password again. */
const RECENT_SIGN_IN_MINUTES = 10;

/**
 * Did this session start with the password within the last 10 minutes? A sign-in through an
 * outside account does not count: the e-mail, the phone and a new link are the ways back into
 * the account, and whoever holds only the outside account (someone else's Google or Facebook
 * taken over) must not be able to turn it into a hold on those. docs/security.md says more.
 */
export async function signedInRecently(db: Db, sessionId: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ createdAt: sessions.createdAt, method: sessions.method })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .limit(1);
  return Boolean(
    row && row.method === "password" && now.getTime() - row.createdAt.getTime() <= RECENT_SIGN_IN_MINUTES * 60_000,
  );
}

export type ReauthResult = Ok | Failure<"passwordRequired" | "passwordWrong" | "rateLimited">;

/**
 * The gate in front of a sensitive change: a recent sign-in passes; otherwise the current
 * password must be given and right. Wrong ones are limited per account (5 per 15 minutes) and
 * audited, so the form is no way round the sign-in throttle.
 */
export async function confirmRecentSignIn(
  db: Db,
  input: { user: User; sessionId: string; password: string },
  ctx: FlowContext,
): Promise<ReauthResult> {
  if (!input.password && (await signedInRecently(db, input.sessionId, ctx.now))) return { ok: true };
  if (!input.password) return { ok: false, reason: "passwordRequired" };
  if (input.password.length > PASSWORD_MAX || !input.user.passwordHash) return { ok: false, reason: "passwordWrong" };
  // Every try spends a point before the check (a right one gives it back): after 5 wrong ones even
  // the right password waits, so guessing gains nothing.
  const key = input.user.id;
  if (!(await consumeRateLimit(db, "reauthPerUser", key)).allowed) return { ok: false, reason: "rateLimited" };
  if (await verifyPassword(input.user.passwordHash, input.password)) {
    await resetRateLimit(db, "reauthPerUser", key);
    return { ok: true };
  }
  await recordAudit(db, {
    event: "account.reauth_failed",
    organizationId: input.user.organizationId,
    actorUserId: input.user.id,
    subjectUserId: input.user.id,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  return { ok: false, reason: "passwordWrong" };
}
