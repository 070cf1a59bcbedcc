import { and, eq, isNull, or, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { parseIdentifier } from "@/lib/auth/identifiers";
import { hashPassword, needsRehash, PASSWORD_MAX_LENGTH, verifyDummy, verifyPassword } from "@/lib/auth/password";
import { newSessionRow, type SessionTimes } from "@/lib/auth/sessions";
import type { Db } from "@/lib/db/client";
import { rowsOf } from "@/lib/db/rows";
import { auditEvents, type Language, sessions, users } from "@/lib/db/schema";
import { consumeRateLimit } from "@/lib/rate-limit";
import { accountByIdentifier } from "./accounts";

/** Consecutive failures before the account's progressive delay starts. */
export const FAILURES_BEFORE_DELAY = 5;
const BASE_DELAY_SECONDS = 30;
const MAX_DELAY_SECONDS = 15 * 60;

/** 30 s after the 5th failure, doubling with each further one, at most 15 minutes. */
export function loginDelaySeconds(consecutiveFailures: number): number {
  if (consecutiveFailures < FAILURES_BEFORE_DELAY) return 0;
  return Math.min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** (consecutiveFailures - FAILURES_BEFORE_DELAY));
}

export type LoginInput = { identifier: string; password: string };
export type LoginContext = { now: Date; ip: string; userAgent: string | null; sessionTimes: SessionTimes };

export type LoginResult =
  | { ok: true; userId: string; sessionId: string; language: Language }
  /**
   * `invalid` covers unknown user, wrong password, blocked, locked, disabled and not yet
   * activated alike: the caller cannot tell them apart, and neither can the person signing in.
   */
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rateLimited"; retryAfterSeconds: number };

type FailureKind = "malformed" | "unknown" | "wrongPassword" | "delayed" | "notActive";

/**
 * Checks a password sign-in and, on success, opens a session. Every failing path does the same
 * argon2 work, so neither the answer nor its timing tells whether the account exists.
 */
export async function signInWithPassword(db: Db, input: LoginInput, ctx: LoginContext): Promise<LoginResult> {
  const limit = await consumeRateLimit(db, "loginPerIp", ctx.ip);
  if (!limit.allowed) {
    await recordAudit(db, { event: "login.rate_limited", ip: ctx.ip, userAgent: ctx.userAgent });
    return { ok: false, reason: "rateLimited", retryAfterSeconds: limit.retryAfterSeconds };
  }

  const fail = async (kind: FailureKind, account?: { id: string; organizationId: string }): Promise<LoginResult> => {
    await recordAudit(db, {
      event: "login.failed",
      organizationId: account?.organizationId,
      subjectUserId: account?.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { reason: kind },
    });
    return { ok: false, reason: "invalid" };
  };

  const password = input.password.slice(0, PASSWORD_MAX_LENGTH + 1);
  const parsed = parseIdentifier(input.identifier);
  if (!parsed.ok) {
    await verifyDummy(password);
    return fail("malformed");
  }
  const found = await accountByIdentifier(db, parsed.value);
  const account = found && { ...found.user, organizationId: found.organization.id };
  if (!account) {
    await verifyDummy(password);
    return fail("unknown");
  }
  if (account.loginBlockedUntil && account.loginBlockedUntil > ctx.now) {
    // During the delay nothing is checked and nothing counts: guessing gains nothing.
    await verifyDummy(password);
    return fail("delayed", account);
  }

  const passwordOk = account.passwordHash ? await verifyPassword(account.passwordHash, password) : (await verifyDummy(password), false);
  if (!passwordOk) {
    if (account.status === "active") await countFailure(db, account.id, ctx.now);
    return fail(account.status === "active" ? "wrongPassword" : "notActive", account);
  }
  if (account.status !== "active") return fail("notActive", account);

  const newHash = needsRehash(account.passwordHash!) ? await hashPassword(password) : undefined;
  const session = newSessionRow({ userId: account.id, ip: ctx.ip, userAgent: ctx.userAgent, now: ctx.now, times: ctx.sessionTimes });
  const opened = await openPasswordSession(db, {
    userId: account.id,
    organizationId: account.organizationId,
    session,
    newHash,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    now: ctx.now,
  });
  if (!opened) return fail("unknown"); // the account was deleted between the lookup and now
  return { ok: true, userId: account.id, sessionId: session.id, language: account.language };
}

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * After a right password: clear the failure count, note the sign-in (and a stronger hash), open
 * the session and audit it, in one statement. One statement is atomic by itself, and it is one
 * round trip instead of the five of a transaction (BEGIN, three writes, COMMIT) on the hot path.
 */
async function openPasswordSession(
  db: Db,
  input: { userId: string; organizationId: string; session: ReturnType<typeof newSessionRow>; newHash?: string; ip: string; userAgent: string | null; now: Date },
): Promise<boolean> {
  const { session: s } = input;
  const details = input.newHash ? { method: "password", rehashed: true } : { method: "password" };
  const result = await db.execute(sql`
    WITH signed_in AS (
      UPDATE ${users}
      SET failed_login_count = 0, login_blocked_until = NULL, last_login_at = ${at(input.now)}
        ${input.newHash ? sql`, password_hash = ${input.newHash}, updated_at = ${at(input.now)}` : sql``}
      WHERE id = ${input.userId}
      RETURNING id
    ), opened AS (
      INSERT INTO ${sessions} (id, user_id, method, ip, user_agent, created_at, last_seen_at, expires_at)
      SELECT ${s.id}, id, ${s.method}, ${s.ip}, ${s.userAgent}, ${at(s.createdAt)}, ${at(s.lastSeenAt)}, ${at(s.expiresAt)} FROM signed_in
    )
    INSERT INTO ${auditEvents} (organization_id, actor_user_id, subject_user_id, event, ip, user_agent, details)
    SELECT ${input.organizationId}, id, id, 'login.succeeded', ${input.ip}, ${input.userAgent?.slice(0, 512) ?? null}, ${JSON.stringify(details)}::jsonb
    FROM signed_in
    RETURNING id`);
  return rowsOf(result).length === 1;
}

/** One atomic update, so parallel wrong guesses cannot lose a count. */
async function countFailure(db: Db, userId: string, now: Date): Promise<void> {
  const count = sql`${users.failedLoginCount} + 1`;
  await db
    .update(users)
    .set({
      failedLoginCount: count,
      loginBlockedUntil: sql`CASE WHEN ${count} >= ${FAILURES_BEFORE_DELAY}
        THEN ${now.toISOString()}::timestamptz + make_interval(secs => LEAST(${MAX_DELAY_SECONDS}, ${BASE_DELAY_SECONDS} * power(2, ${count} - ${FAILURES_BEFORE_DELAY})))
        ELSE NULL END`,
    })
    .where(and(eq(users.id, userId), or(isNull(users.loginBlockedUntil), sql`${users.loginBlockedUntil} <= ${now.toISOString()}::timestamptz`)));
}
