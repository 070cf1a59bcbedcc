import { recordAudit } from "@/lib/audit";
import { parseIdentifier } from "@/lib/auth/identifiers";
import { hashPassword } from "@/lib/auth/password";
import { checkPasswordPolicy, type PasswordProblem } from "@/lib/auth/password-policy";
import type { Db } from "@/lib/db/client";
import { commonProps } from "@/lib/messages/common-props";
import { enqueue } from "@/lib/messages/outbox";
import { consumeRateLimit } from "@/lib/rate-limit";
import { issueCode, pendingCode, verifyCode } from "@/lib/tokens";
import { accountByIdentifier } from "./accounts";
import { type Deferral, runOrDefer } from "./deferred";
import { applyNewPassword } from "./password-change";

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

export type RequestResetCodeResult = { ok: true } | { ok: false; error: "identifierEmpty" | "identifierMalformed" | "rateLimited" };

/**
 * "Unohtunut salasana", step one: a reset code to the account's verified address or number. The
 * answer is the same whether the account exists, has that channel verified, or asked a minute ago;
 * given `defer`, even the lookup runs after it.
 */
export async function requestResetCode(db: Db, input: { identifier: string; channel: ResetChannel }, ctx: Context & Deferral): Promise<RequestResetCodeResult> {
  const identifier = input.identifier.trim();
  if (!identifier) return { ok: false, error: "identifierEmpty" };
  const parsed = parseIdentifier(identifier);
  if (!parsed.ok) return { ok: false, error: parsed.problem === "empty" ? "identifierEmpty" : "identifierMalformed" };
  const key = `${parsed.value.name}@${parsed.value.licence ?? ""}`;
  for (const [policy, k] of [["recoveryPerIp", ctx.ip], ["recoveryPerAddress", `user:${key}`]] as const) {
    if (!(await consumeRateLimit(db, policy, k)).allowed) return { ok: false, error: "rateLimited" };
  }

  await runOrDefer(ctx, () => sendResetCode(db, identifier, input.channel, ctx));
  return { ok: true };
}

export type ResetWithCodeResult =
  | { ok: true; identifier: string }
  | { ok: false; error: "codeEmpty" | "codeMalformed" | "codeInvalid" | "codeExpired" }
  | { ok: false; error: "password"; problem: PasswordProblem | { code: "mismatch" } };

/**
 * Step two: the code and the new password together, so the code is spent in the same transaction
 * that changes the password. An unknown account answers like a wrong code.
 */
export async function resetPasswordWithCode(
  db: Db,
  input: { identifier: string; code: string; password: string; repeat: string },
  ctx: Context,
): Promise<ResetWithCodeResult> {
  const code = input.code.replace(/\s+/g, "");
  if (!code) return { ok: false, error: "codeEmpty" };
  if (!/^\d{6}$/.test(code)) return { ok: false, error: "codeMalformed" };
  const account = await findAccount(db, input.identifier.trim());
  const pending = account ? await pendingCode(db, account.user.id, "reset_code", ctx.now) : null;
  if (!account || !pending?.target) return { ok: false, error: "codeExpired" };

  const problem = checkPasswordPolicy(input.password, {
    minLength: account.organization.minPasswordLength,
    personal: [account.user.username, account.user.membershipNumber, account.user.displayName, account.user.email, account.organization.name],
  });
  if (problem) return { ok: false, error: "password", problem };
  if (input.password !== input.repeat) return { ok: false, error: "password", problem: { code: "mismatch" } };

  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const checked = await verifyCode(tx, { userId: account.user.id, purpose: "reset_code", target: pending.target!, code, now: ctx.now });
    if (!checked.ok) return { ok: false, error: checked.reason === "invalid" ? "codeInvalid" : "codeExpired" } as const;
    await applyNewPassword(tx, { user: account.user, organization: account.organization, passwordHash, via: "reset_code" }, ctx);
    return { ok: true, identifier: input.identifier.trim() } as const;
  });
}
