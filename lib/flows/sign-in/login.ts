import { recordAudit } from "@/lib/audit";
import { parseIdentifier } from "@/lib/identity/identifiers";
import { hashPassword, needsRehash, verifyDummy, verifyPassword } from "@/lib/password/hash";
import { PASSWORD_MAX } from "@/lib/validation/limits";
import { newSessionRow, type SessionTimes } from "@/lib/session/sessions";
import type { Db } from "@/lib/db/client";
import type { Language } from "@/lib/db/schema";
import { consumeRateLimit } from "@/lib/rate-limit";
import { accountByIdentifier } from "@/lib/db/accounts";
import { openPasswordSession } from "./open-session";
import {
  BASE_DELAY_SECONDS,
  FAILURES_BEFORE_DELAY,
  type FailureBookkeeping,
  type FailureContext,
  MAX_CONSECUTIVE_FAILURES,
  MAX_DELAY_SECONDS,
  recordFailedSignIn,
  type SignInFailure,
} from "./login-failures";

export { MAX_CONSECUTIVE_FAILURES };

/** 30 s after the 5th failure, doubling with each further one, at most 15 minutes. */
export function loginDelaySeconds(consecutiveFailures: number): number {
  if (consecutiveFailures < FAILURES_BEFORE_DELAY) return 0;
  return Math.min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** (consecutiveFailures - FAILURES_BEFORE_DELAY));
}

export type LoginInput = { identifier: string; password: string };
/** `FlowContext`, with the session's lifetimes and two fields of its own meaning. */
export type LoginContext = FailureContext & {
  sessionTimes: SessionTimes;
  /**
   * Given, a refused sign-in answers first and hands its bookkeeping (audit row, failure count,
   * notices) over to run after the response (the server action: Next's `after()`), which sends a
   * notice it queued at once. Without it (tests, scripts) the bookkeeping runs before the flow returns.
   */
  defer?: (work: () => Promise<FailureBookkeeping>) => void;
};

export type LoginResult =
  | { ok: true; userId: string; sessionId: string; language: Language }
  /**
   * `invalid` covers unknown user, wrong password, delayed, blocked after too many failures,
   * locked, disabled and not yet activated alike: the caller cannot tell them apart, and neither
   * can the person signing in.
   */
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rateLimited"; retryAfterSeconds: number };

async function keepBooks(ctx: LoginContext, work: () => Promise<FailureBookkeeping>): Promise<void> {
  if (ctx.defer) ctx.defer(work);
  else await work();
}

/**
 * Checks a password sign-in and, on success, opens a session. Every refusal costs the same before
 * it answers, whether or not the account exists: the IP limit, the lookup and one argon2 verify
 * (a dummy hash where there is no password to check). Whatever depends on the account (the
 * failure count, the audit row, a notice) is bookkeeping done after the answer (`ctx.defer`).
 */
export async function signInWithPassword(db: Db, input: LoginInput, ctx: LoginContext): Promise<LoginResult> {
  const limit = await consumeRateLimit(db, "loginPerIp", ctx.ip);
  if (!limit.allowed) {
    await keepBooks(ctx, async () => {
      await recordAudit(db, { event: "login.rate_limited", ip: ctx.ip, userAgent: ctx.userAgent });
      return { noticeQueued: false };
    });
    return { ok: false, reason: "rateLimited", retryAfterSeconds: limit.retryAfterSeconds };
  }

  const refuse = async (failure: SignInFailure): Promise<LoginResult> => {
    await keepBooks(ctx, () => recordFailedSignIn(db, failure, ctx));
    return { ok: false, reason: "invalid" };
  };

  const password = input.password.slice(0, PASSWORD_MAX + 1);
  const parsed = parseIdentifier(input.identifier);
  if (!parsed.ok) {
    await verifyDummy(password);
    return refuse({ kind: "malformed" });
  }
  const found = await accountByIdentifier(db, parsed.value);
  if (!found) {
    await verifyDummy(password);
    return refuse({ kind: "unknown" });
  }
  const { user: account, organization } = found;
  if (account.failedLoginCount >= MAX_CONSECUTIVE_FAILURES) {
    // Capped: no password is checked until a reset or an administrator clears the count.
    await verifyDummy(password);
    return refuse({ kind: "tooManyFailures", account: found });
  }
  if (account.loginBlockedUntil && account.loginBlockedUntil > ctx.now) {
    // During the delay nothing is checked and nothing counts: guessing gains nothing.
    await verifyDummy(password);
    return refuse({ kind: "delayed", account: found });
  }

  const hash = account.passwordHash;
  const passwordOk = hash ? await verifyPassword(hash, password) : (await verifyDummy(password), false);
  if (!hash || !passwordOk)
    return refuse({ kind: account.status === "active" ? "wrongPassword" : "notActive", account: found });
  if (account.status !== "active") return refuse({ kind: "notActive", account: found });

  const newHash = needsRehash(hash) ? await hashPassword(password) : undefined;
  const session = newSessionRow({
    userId: account.id,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    now: ctx.now,
    times: ctx.sessionTimes,
  });
  const opened = await openPasswordSession(db, {
    userId: account.id,
    organizationId: organization.id,
    session,
    newHash,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    now: ctx.now,
  });
  if (!opened) return refuse({ kind: "unknown" }); // the account was deleted between the lookup and now
  return { ok: true, userId: account.id, sessionId: session.id, language: account.language };
}
