import { recordAudit } from "@/lib/audit";
import { parseIdentifier } from "@/lib/identity/identifiers";
import { hashPassword } from "@/lib/password/hash";
import { checkPasswordShape } from "@/lib/password/new-password";
import type { PasswordProblem } from "@/lib/password/policy";
import { isSixDigitCode } from "@/lib/validation/code";
import {
  consumeMatchedCode,
  countResetCodeTry,
  giveBackResetCodeTry,
  matchCode,
  RECOVERY_CODE_FAILURE_CAP,
} from "@/lib/tokens/code-check";
import type { Db } from "@/lib/db/client";
import type { User } from "@/lib/db/schema";
import { commonProps } from "@/lib/messages/common-props";
import { enqueue } from "@/lib/messages/outbox";
import { consumeOnClock, consumeRateLimit } from "@/lib/rate-limit";
import { SmsAllowanceSpent, smsCountryAllowed, spendSmsAllowance } from "@/lib/sms-allowance";
import { issueCode } from "@/lib/tokens/tokens";
import { noticeCodeRecoveryPaused } from "@/lib/flows/recovery/recovery-paused";
import { runOrDefer } from "@/lib/flows/recovery/deferred";
import { checkNewPasswordFor, lockResettableAccount, setNewPassword } from "./set-new-password";
import {
  lookUpRecoveryAccount,
  type RecoveryAccount,
  recoveryAccountOf,
  recoveryChannelsOf,
} from "@/lib/flows/recovery/recovery-account";
import type { Failure, FlowContext, Ok } from "@/lib/flows/context";

export type ResetChannel = "email" | "sms";

/** Why no code went out, for the audit trail only: the answer never tells. */
type NotSent = "unknown" | "inactive" | "paused" | "noVerifiedChannel" | "smsCountry" | "cooldown" | "smsLimit";

/** The account's verified address or number for the channel, where a reset code may go. */
function verifiedTarget(user: User, channel: ResetChannel): string | null {
  if (channel === "email") return user.emailVerifiedAt && user.email ? user.email : null;
  return user.phoneVerifiedAt && user.phone ? user.phone : null;
}

/** Issues the code and queues its message, in the caller's transaction; or says why not. */
async function issueAndQueue(
  tx: Db,
  found: RecoveryAccount,
  channel: ResetChannel,
  ctx: FlowContext,
): Promise<NotSent | "sent"> {
  const { user, organization } = found;
  if (!user || !organization) return "unknown";
  if (user.status !== "active" && user.status !== "invited") return "inactive";
  if (user.recoveryCodeFailures >= RECOVERY_CODE_FAILURE_CAP) return "paused";
  const target = verifiedTarget(user, channel);
  if (!target) return "noVerifiedChannel";
  if (channel === "sms" && !smsCountryAllowed(target)) return "smsCountry";
  const issued = await issueCode(tx, { userId: user.id, purpose: "reset_code", target, now: ctx.now });
  if (!issued.ok) return "cooldown";
  if (channel === "sms") await spendSmsAllowance(tx, user.id, ctx.now);
  const common = commonProps(organization, user);
  await enqueue(
    tx,
    channel === "email"
      ? {
          channel: "email",
          to: target,
          template: "ResetCodeEmail",
          organizationId: organization.id,
          userId: user.id,
          props: { ...common, code: issued.code, expiresInMinutes: issued.expiresInMinutes },
        }
      : {
          channel: "sms",
          to: target,
          template: "ResetCodeSms",
          organizationId: organization.id,
          userId: user.id,
          props: {
            language: common.language,
            organizationName: common.organizationName,
            code: issued.code,
            expiresInMinutes: issued.expiresInMinutes,
          },
        },
    ctx.now,
  );
  return "sent";
}

/** The code itself, when the account may have one by that channel; audited either way. */
async function sendResetCode(db: Db, found: RecoveryAccount, channel: ResetChannel, ctx: FlowContext) {
  const audit = (tx: Db, outcome: NotSent | "sent") =>
    recordAudit(tx, {
      event: "password.code_requested",
      organizationId: found.organization?.id,
      subjectUserId: found.user?.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { channel, sent: outcome === "sent", ...(outcome === "sent" ? {} : { reason: outcome }) },
    });
  try {
    await db.transaction(async (tx) => audit(tx, await issueAndQueue(tx, found, channel, ctx)));
  } catch (error) {
    // The account's SMS for the day are spent: the code and its message were rolled back.
    if (!(error instanceof SmsAllowanceSpent)) throw error;
    await audit(db, "smsLimit");
  }
}

export type RequestResetCodeResult =
  | Ok
  | Failure<"identifierEmpty" | "identifierMalformed" | "channelMissing" | "rateLimited">
  /** The account's (or the typed name's) one code a minute, or ten a day: the same for a known and an unknown name. */
  | Failure<"cooldown" | "dailyCap", { retryAfterSeconds: number }>
  /** The organisation does not send reset codes by this channel; `allowed` are those it does. */
  | Failure<"channelNotAllowed", { allowed: ResetChannel[] }>;

const rateLimited = { ok: false, reason: "rateLimited" } as const;

/**
 * "Unohtunut salasana", step one: a reset code to the account's verified address or number. The
 * identifier is looked up once, by one query that runs the same for a known and an unknown name,
 * so every limit counts per account (or per canonical name): the per-IP and per-address limits,
 * a code a minute whatever the channel, ten a day. Those are decided before the answer and are
 * the same for every name. Whether the account exists, may recover by code or has the channel
 * verified changes nothing in the answer: given `defer`, that work runs after it.
 */
export async function requestResetCode(
  db: Db,
  input: { identifier: string; channel: string },
  ctx: FlowContext,
): Promise<RequestResetCodeResult> {
  const { channel } = input;
  if (channel !== "email" && channel !== "sms") return { ok: false, reason: "channelMissing" };
  const identifier = input.identifier.trim();
  if (!identifier) return { ok: false, reason: "identifierEmpty" };
  const parsed = parseIdentifier(identifier);
  if (!parsed.ok) return { ok: false, reason: parsed.problem === "empty" ? "identifierEmpty" : "identifierMalformed" };
  if (!(await consumeRateLimit(db, "recoveryPerIp", ctx.ip)).allowed) return rateLimited;
  const found = await recoveryAccountOf(db, parsed.value);
  // The organisation comes from the identifier and is no secret: its refusal is the same for every name in it.
  const allowed = recoveryChannelsOf(found.organization);
  if (!allowed.includes(channel)) return { ok: false, reason: "channelNotAllowed", allowed };

  const cooldown = await consumeOnClock(db, "resetCodeCooldown", found.key, ctx.now);
  if (!cooldown.allowed) return { ok: false, reason: "cooldown", retryAfterSeconds: cooldown.retryAfterSeconds };
  if (!(await consumeRateLimit(db, "recoveryPerAddress", `user:${found.key}`)).allowed) return rateLimited;
  const daily = await consumeOnClock(db, "resetCodesPerDay", found.key, ctx.now);
  if (!daily.allowed) return { ok: false, reason: "dailyCap", retryAfterSeconds: daily.retryAfterSeconds };

  await runOrDefer(ctx, () => sendResetCode(db, found, channel, ctx));
  return { ok: true };
}

export type ResetWithCodeResult =
  | Ok<{ identifier: string }>
  /** `codeWrong` is every failure that does not prove the code: wrong, spent, dead, unknown account. */
  | Failure<"codeEmpty" | "codeMalformed" | "codeWrong" | "rateLimited">
  | Failure<"password", { problem: PasswordProblem | { code: "mismatch" } }>;

const codeWrong = { ok: false, reason: "codeWrong" } as const;

/**
 * Step two: the code and the new password together, so the code is spent in the same transaction
 * that changes the password. Until the code is proven, nothing in the answer or the work depends
 * on the account, and nothing costs more than a few statements: the cheap checks of the password
 * (its shape and the repeat) for everyone, then the step's own limits, then one code check that
 * costs the same with or without an account or a pending code. Each try counts towards the
 * account's cap of wrong codes in a row; the one that reaches it pauses recovery by code and
 * tells the member (after the answer, given `defer`). Only with the right code do the expensive
 * rules run (the strength estimate, the person's own words, the breach list), and if they
 * refuse, the code stays unspent for the corrected password.
 */
export async function resetPasswordWithCode(
  db: Db,
  input: { identifier: string; code: string; password: string; repeat: string },
  ctx: FlowContext,
): Promise<ResetWithCodeResult> {
  const code = input.code.replace(/\s+/g, "");
  if (!code) return { ok: false, reason: "codeEmpty" };
  if (!isSixDigitCode(code)) return { ok: false, reason: "codeMalformed" };
  const found = await lookUpRecoveryAccount(db, input.identifier.trim());

  // The organisation's length rule is no secret: it holds for every name in it, known or not.
  const shape = checkPasswordShape(input.password, found?.organization?.minPasswordLength);
  if (shape) return { ok: false, reason: "password", problem: shape };
  if (input.password !== input.repeat) return { ok: false, reason: "password", problem: { code: "mismatch" } };

  if (!(await consumeRateLimit(db, "resetCodeCheckPerIp", ctx.ip)).allowed) return { ok: false, reason: "rateLimited" };
  if (!found) return codeWrong;
  if (!(await consumeRateLimit(db, "resetCodeCheckPerAccount", found.key)).allowed)
    return { ok: false, reason: "rateLimited" };

  const { user, organization } = found;
  // The try counts as a wrong one before the code is compared; at the cap nothing is compared.
  const failures = await countResetCodeTry(db, user?.id ?? null, ctx.now);
  const match = await matchCode(db, {
    userId: failures === null ? null : (user?.id ?? null),
    purpose: "reset_code",
    code,
    now: ctx.now,
  });
  if (!match.ok || !user || !organization) {
    if (user && organization && failures === RECOVERY_CODE_FAILURE_CAP)
      await runOrDefer(ctx, () => noticeCodeRecoveryPaused(db, { user, organization }, ctx));
    return codeWrong;
  }
  await giveBackResetCodeTry(db, user.id);
  const problem = await checkNewPasswordFor(db, { user, organization }, input.password, ctx);
  if (problem) return { ok: false, reason: "password", problem };

  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const account = await lockResettableAccount(tx, user.id);
    if (!account || !(await consumeMatchedCode(tx, match.tokenId, ctx.now))) return codeWrong;
    const proved = match.target === account.user.email ? "email" : match.target === account.user.phone ? "phone" : null;
    await setNewPassword(tx, account, passwordHash, { by: "reset", via: "reset_code", proved }, ctx);
    return { ok: true, identifier: input.identifier.trim() } as const;
  });
}
