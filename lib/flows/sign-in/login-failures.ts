import { sql } from "drizzle-orm";
import type { SignInLockedEmailProps } from "@/emails/SignInLockedEmail";
import type { SignInPausedEmailProps } from "@/emails/SignInPausedEmail";
import { recordAudit } from "@/lib/audit";
import { formatIdentifier } from "@/lib/identity/identifiers";
import type { Account } from "@/lib/db/accounts";
import type { Db } from "@/lib/db/client";
import type { FlowContext } from "@/lib/flows/context";
import { rowsOf } from "@/lib/db/rows";
import { auditEvents, outbox, users } from "@/lib/db/schema";
import { commonProps } from "@/lib/messages/common-props";

/** Consecutive failures before the account's progressive delay starts. */
export const FAILURES_BEFORE_DELAY = 5;
/** Consecutive failures after which only a completed reset or an administrator opens sign-in. */
export const MAX_CONSECUTIVE_FAILURES = 100;
export const BASE_DELAY_SECONDS = 30;
export const MAX_DELAY_SECONDS = 15 * 60;

/** Why a sign-in was refused: the audit trail's reason, for the operator; the person gets one answer for all. */
export type SignInFailure =
  | { kind: "malformed" | "unknown" }
  | { kind: "wrongPassword" | "delayed" | "notActive" | "tooManyFailures"; account: Account };

export type FailureContext = Pick<FlowContext, "now" | "ip" | "userAgent"> & {
  /**
   * Where the links in a notice point; null where no public address is configured (demo mode
   * without APP_ORIGIN), and then no notice goes out, as its links would point nowhere.
   */
  appOrigin: string | null;
};

/** What the bookkeeping did that the caller may act on: a queued notice is worth sending now. */
export type FailureBookkeeping = { noticeQueued: boolean };

/**
 * The books of one refused sign-in: its audit row and, for a wrong password, the failure count,
 * the delay, and the notices. The flow answers before this runs (see `signInWithPassword`).
 */
export async function recordFailedSignIn(
  db: Db,
  failure: SignInFailure,
  ctx: FailureContext,
): Promise<FailureBookkeeping> {
  if (failure.kind === "wrongPassword") return countWrongPassword(db, failure.account, ctx);
  const account = "account" in failure ? failure.account : null;
  await recordAudit(db, {
    event: "login.failed",
    organizationId: account?.organization.id,
    subjectUserId: account?.user.id,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details: { reason: failure.kind },
  });
  return { noticeQueued: false };
}

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * One statement, so it is atomic and one round trip: count the failure, (re)start the delay,
 * queue the notice when this failure is the one that starts the delay or reaches the cap (only to
 * a verified address), audit those milestones, and audit the failure itself.
 *
 * Every wrong password that was checked counts, also one that lands after a parallel guess
 * started the delay: it was tried against the real hash, so it must count towards the cap. Each
 * count is a row-locked increment, so exactly one failure sees 5 and one sees 100: each notice
 * goes out once per run of failures (a success, a reset or an unlock starts a new run).
 */
async function countWrongPassword(
  db: Db,
  { user, organization }: Account,
  ctx: FailureContext,
): Promise<FailureBookkeeping> {
  const props = {
    ...commonProps(organization, user),
    username: formatIdentifier(user, organization),
    attemptedAt: ctx.now.toISOString(),
    forgotPasswordUrl: `${ctx.appOrigin}/forgot-password`,
    orderPasswordUrl: `${ctx.appOrigin}/order-password`,
  };
  const paused: SignInPausedEmailProps = { ...props, maxFailures: MAX_CONSECUTIVE_FAILURES };
  const locked: SignInLockedEmailProps = { ...props, failures: MAX_CONSECUTIVE_FAILURES };
  const userAgent = ctx.userAgent?.slice(0, 512) ?? null;
  const count = sql`${users.failedLoginCount} + 1`;
  const result = await db.execute(sql`
    WITH counted AS (
      UPDATE ${users}
      SET failed_login_count = ${count},
        login_blocked_until = CASE WHEN ${count} >= ${FAILURES_BEFORE_DELAY}
          THEN ${at(ctx.now)} + make_interval(secs => LEAST(${MAX_DELAY_SECONDS}, ${BASE_DELAY_SECONDS} * power(2, ${count} - ${FAILURES_BEFORE_DELAY})))
          ELSE NULL END
      WHERE id = ${user.id} AND status = 'active'
      RETURNING failed_login_count AS failures, email, email_verified_at
    ), notice AS (
      INSERT INTO ${outbox} (organization_id, user_id, channel, recipient, template, language, props, next_attempt_at)
      SELECT ${organization.id}, ${user.id}, 'email'::channel, email,
        CASE WHEN failures = ${FAILURES_BEFORE_DELAY} THEN 'SignInPausedEmail' ELSE 'SignInLockedEmail' END,
        ${user.language}::language,
        CASE WHEN failures = ${FAILURES_BEFORE_DELAY} THEN ${JSON.stringify(paused)}::jsonb ELSE ${JSON.stringify(locked)}::jsonb END,
        ${at(ctx.now)}
      FROM counted
      WHERE failures IN (${FAILURES_BEFORE_DELAY}, ${MAX_CONSECUTIVE_FAILURES}) AND email IS NOT NULL AND email_verified_at IS NOT NULL
        AND ${ctx.appOrigin !== null}
      RETURNING id
    ), milestone AS (
      INSERT INTO ${auditEvents} (organization_id, subject_user_id, event, ip, user_agent, details)
      SELECT ${organization.id}, ${user.id},
        CASE WHEN failures = ${FAILURES_BEFORE_DELAY} THEN 'login.delay_started' ELSE 'login.locked_after_failures' END,
        ${ctx.ip}, ${userAgent}, jsonb_build_object('failures', failures, 'notice', EXISTS (SELECT 1 FROM notice))
      FROM counted
      WHERE failures IN (${FAILURES_BEFORE_DELAY}, ${MAX_CONSECUTIVE_FAILURES})
    )
    INSERT INTO ${auditEvents} (organization_id, subject_user_id, event, ip, user_agent, details)
    VALUES (${organization.id}, ${user.id}, 'login.failed', ${ctx.ip}, ${userAgent},
      jsonb_build_object('reason', 'wrongPassword', 'failures', (SELECT failures FROM counted)))
    RETURNING (SELECT count(*) FROM notice)::int AS notices`);
  const [row] = rowsOf<{ notices: number }>(result);
  return { noticeQueued: (row?.notices ?? 0) > 0 };
}
