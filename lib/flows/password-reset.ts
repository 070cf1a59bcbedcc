import { recordAudit } from "@/lib/audit";
import { parseIdentifier } from "@/lib/auth/identifiers";
import { hashPassword } from "@/lib/auth/password";
import { checkNewPassword, checkPasswordShape } from "@/lib/auth/new-password";
import type { PasswordProblem } from "@/lib/auth/password-policy";
import { consumeMatchedCode, matchCode } from "@/lib/code-check";
import type { Db } from "@/lib/db/client";
import { commonProps } from "@/lib/messages/common-props";
import { enqueue } from "@/lib/messages/outbox";
import { consumeRateLimit } from "@/lib/rate-limit";
import { issueCode } from "@/lib/tokens";
import { accountByIdentifier } from "./accounts";
import { type Deferral, runOrDefer } from "./deferred";
import { applyNewPassword, lockResettableAccount, personalWords } from "./password-change";
import { lookUpRecoveryAccount } from "./recovery-account";

type Context = { now: Date; ip: string; userAgent: string | null };
export type ResetChannel = "email" | "sms";

/** The account behind `username@licence` (or a bare identifier of the default organisation). */
async function findAccount(db: Db, identifier: string) {
  const parsed = parseIdentifier(identifier);
  return parsed.ok ? accountByIdentifier(db, parsed.value) : null;
}

/** The code itself, when the account exists and has the channel verified; audited either way. */
async function sendResetCode(db: Db, identifier: string, channel: ResetChannel, ctx: Context) {
  const account = await findAccount(db, identifier);
  const user = account?.user;
  const target =
    user && (user.status === "active" || user.status === "invited")
      ? channel === "email"
        ? user.emailVerifiedAt && user.email
        : user.phoneVerifiedAt && user.phone
      : null;
  await db.transaction(async (tx) => {
    let sent = false;
    if (account && target) {
      const issued = await issueCode(tx, { userId: account.user.id, purpose: "reset_code", target, now: ctx.now });
      if (issued.ok) {
        const common = commonProps(account.organization, account.user);
        await enqueue(
          tx,
          channel === "email"
            ? { channel: "email", to: target, template: "ResetCodeEmail", organizationId: account.organization.id, userId: account.user.id, props: { ...common, code: issued.code, expiresInMinutes: issued.expiresInMinutes } }
            : {
                channel: "sms",
                to: target,
                template: "ResetCodeSms",
                organizationId: account.organization.id,
                userId: account.user.id,
                props: { language: common.language, organizationName: common.organizationName, code: issued.code, expiresInMinutes: issued.expiresInMinutes },
              },
          ctx.now,
        );
        sent = true;
      }
    }
    await recordAudit(tx, {
      event: "password.code_requested",
      organizationId: account?.organization.id,
      subjectUserId: account?.user.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { channel, sent },
    });
  });
}

export type RequestResetCodeResult = { ok: true } | { ok: false; error: "identifierEmpty" | "identifierMalformed" | "channelMissing" | "rateLimited" };

/**
 * "Unohtunut salasana", step one: a reset code to the account's verified address or number. The
 * answer is the same whether the account exists, has that channel verified, or asked a minute ago;
 * given `defer`, even the lookup runs after it.
 */
export async function requestResetCode(db: Db, input: { identifier: string; channel: string }, ctx: Context & Deferral): Promise<RequestResetCodeResult> {
  const { channel } = input;
  if (channel !== "email" && channel !== "sms") return { ok: false, error: "channelMissing" };
  const identifier = input.identifier.trim();
  if (!identifier) return { ok: false, error: "identifierEmpty" };
  const parsed = parseIdentifier(identifier);
  if (!parsed.ok) return { ok: false, error: parsed.problem === "empty" ? "identifierEmpty" : "identifierMalformed" };
  const key = `${parsed.value.name}@${parsed.value.licence ?? ""}`;
  for (const [policy, k] of [["recoveryPerIp", ctx.ip], ["recoveryPerAddress", `user:${key}`]] as const) {
    if (!(await consumeRateLimit(db, policy, k)).allowed) return { ok: false, error: "rateLimited" };
  }

  await runOrDefer(ctx, () => sendResetCode(db, identifier, channel, ctx));
  return { ok: true };
}

export type ResetWithCodeResult =
  | { ok: true; identifier: string }
  /** `codeWrong` is every failure that does not prove the code: wrong, spent, dead, unknown account. */
  | { ok: false; error: "codeEmpty" | "codeMalformed" | "codeWrong" | "rateLimited" }
  | { ok: false; error: "password"; problem: PasswordProblem | { code: "mismatch" } };

const codeWrong = { ok: false, error: "codeWrong" } as const;

/**
 * Step two: the code and the new password together, so the code is spent in the same transaction
 * that changes the password. Until the code is proven, nothing in the answer or the work depends
 * on the account, and nothing costs more than a few statements: the cheap checks of the password
 * (its shape and the repeat) for everyone, then the step's own limits, then one code check that
 * costs the same with or without an account or a pending code. Only with the right code do the
 * expensive rules run (the strength estimate, the person's own words, the breach list), and if
 * they refuse, the code stays unspent for the corrected password.
 */
export async function resetPasswordWithCode(
  db: Db,
  input: { identifier: string; code: string; password: string; repeat: string },
  ctx: Context,
): Promise<ResetWithCodeResult> {
  const code = input.code.replace(/\s+/g, "");
  if (!code) return { ok: false, error: "codeEmpty" };
  if (!/^\d{6}$/.test(code)) return { ok: false, error: "codeMalformed" };
  const found = await lookUpRecoveryAccount(db, input.identifier.trim());

  // The organisation's length rule is no secret: it holds for every name in it, known or not.
  const shape = checkPasswordShape(input.password, found?.organization?.minPasswordLength);
  if (shape) return { ok: false, error: "password", problem: shape };
  if (input.password !== input.repeat) return { ok: false, error: "password", problem: { code: "mismatch" } };

  if (!(await consumeRateLimit(db, "resetCodeCheckPerIp", ctx.ip)).allowed) return { ok: false, error: "rateLimited" };
  if (!found) return codeWrong;
  if (!(await consumeRateLimit(db, "resetCodeCheckPerAccount", found.key)).allowed) return { ok: false, error: "rateLimited" };

  const { user, organization } = found;
  const match = await matchCode(db, { userId: user?.id ?? null, purpose: "reset_code", code, now: ctx.now });
  if (!match.ok || !user || !organization) return codeWrong;
  const problem = await checkNewPassword(db, input.password, {
    minLength: organization.minPasswordLength,
    personal: personalWords({ user, organization }),
    audit: { organizationId: organization.id, subjectUserId: user.id, ip: ctx.ip, userAgent: ctx.userAgent },
  });
  if (problem) return { ok: false, error: "password", problem };

  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const account = await lockResettableAccount(tx, user.id);
    if (!account || !(await consumeMatchedCode(tx, match.tokenId, ctx.now))) return codeWrong;
    const proved = match.target === account.user.email ? "email" : match.target === account.user.phone ? "phone" : null;
    await applyNewPassword(tx, { ...account, passwordHash, via: "reset_code", proved }, ctx);
    return { ok: true, identifier: input.identifier.trim() } as const;
  });
}
