import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { formatIdentifier } from "@/lib/identity/identifiers";
import { canReceiveSms, normalizeEmail, normalizePhone } from "@/lib/contact";
import { organizationOf } from "@/lib/db/accounts";
import type { Db } from "@/lib/db/client";
import { type User, users } from "@/lib/db/schema";
import { commonProps } from "@/lib/messages/common-props";
import { enqueue } from "@/lib/messages/outbox";
import { consumeRateLimit } from "@/lib/rate-limit";
import { SmsAllowanceSpent, smsCountries, smsCountryAllowed, spendSmsAllowance } from "@/lib/sms-allowance";
import { issueCode, pendingCode, verifyCode, voidTokens } from "@/lib/tokens/tokens";
import type { Failure, FlowContext, FlowResult, Ok } from "@/lib/flows/context";
import { isSixDigitCode } from "@/lib/validation/code";

/**
 * Changing the e-mail address or the phone number: a code goes to the new address or number,
 * and only a confirmed one is saved. Shared by activation and the account page.
 */
export type ContactChannel = "email" | "phone";

const purposeOf = { email: "email_change", phone: "phone_change" } as const;

export type RequestCodeResult =
  | Ok<{ target: string }>
  | Failure<"empty" | "tooLong" | "invalid" | "notMobile" | "same" | "rateLimited">
  | Failure<"cooldown", { retryAfterSeconds: number }>
  /** A number of a country SMS are not sent to; `countries` are the accepted ones. */
  | Failure<"countryNotAllowed", { countries: string[] }>
  /** The account's SMS for the day are spent. */
  | Failure<"smsLimit", { retryAfterSeconds: number }>;

export async function requestContactCode(
  db: Db,
  input: { user: User; channel: ContactChannel; value: string },
  ctx: FlowContext,
): Promise<RequestCodeResult> {
  const { user, channel } = input;
  const normalized = channel === "email" ? normalizeEmail(input.value) : normalizePhone(input.value);
  if (!normalized.ok) return { ok: false, reason: normalized.problem };
  const target = normalized.value;
  if (channel === "phone" && !smsCountryAllowed(target))
    return { ok: false, reason: "countryNotAllowed", countries: smsCountries() };
  if (channel === "phone" && !canReceiveSms(target)) return { ok: false, reason: "notMobile" };
  const current = channel === "email" ? [user.email, user.emailVerifiedAt] : [user.phone, user.phoneVerifiedAt];
  if (current[0] === target && current[1]) return { ok: false, reason: "same" };

  const limit = await consumeRateLimit(db, "codeRequestPerIp", ctx.ip);
  if (!limit.allowed) return { ok: false, reason: "rateLimited" };

  try {
    return await queueContactCode(db, user, channel, target, ctx);
  } catch (error) {
    if (error instanceof SmsAllowanceSpent)
      return { ok: false, reason: "smsLimit", retryAfterSeconds: error.retryAfterSeconds };
    throw error;
  }
}

/** The code and its message, in one transaction; an SMS spends one of the account's SMS for the day. */
async function queueContactCode(
  db: Db,
  user: User,
  channel: ContactChannel,
  target: string,
  ctx: FlowContext,
): Promise<RequestCodeResult> {
  return db.transaction(async (tx) => {
    const issued = await issueCode(tx, { userId: user.id, purpose: purposeOf[channel], target, now: ctx.now });
    if (!issued.ok) return { ok: false, reason: "cooldown", retryAfterSeconds: issued.retryAfterSeconds } as const;
    if (channel === "phone") await spendSmsAllowance(tx, user.id, ctx.now);
    const org = await organizationOf(tx, user);
    const common = commonProps(org, user);
    await enqueue(
      tx,
      channel === "email"
        ? {
            channel: "email",
            to: target,
            template: "VerificationCodeEmail",
            organizationId: org.id,
            userId: user.id,
            props: { ...common, code: issued.code, expiresInMinutes: issued.expiresInMinutes },
          }
        : {
            channel: "sms",
            to: target,
            template: "VerificationCodeSms",
            organizationId: org.id,
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
    await recordAudit(tx, {
      event: "contact.code_sent",
      organizationId: org.id,
      actorUserId: user.id,
      subjectUserId: user.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { channel },
    });
    return { ok: true, target } as const;
  });
}

export type ConfirmCodeResult = FlowResult<{ target: string }, "empty" | "malformed" | "invalid" | "expired">;

/** "m•••@example.org": enough for the old owner to recognise, not enough to write to. */
function maskEmail(address: string): string {
  const [local, domain] = address.split("@");
  return `${(local ?? "").slice(0, 1)}•••@${domain ?? ""}`;
}

/**
 * Saves the new address or number, verified, once its code is right. From the account page
 * (`notifyOldAddress`), the address being replaced is told of the change.
 */
export async function confirmContactCode(
  db: Db,
  input: { user: User; channel: ContactChannel; code: string; notifyOldAddress?: boolean },
  ctx: FlowContext,
): Promise<ConfirmCodeResult> {
  const code = input.code.replace(/\s+/g, "");
  if (!code) return { ok: false, reason: "empty" };
  if (!isSixDigitCode(code)) return { ok: false, reason: "malformed" };
  const purpose = purposeOf[input.channel];
  const target = (await pendingCode(db, input.user.id, purpose, ctx.now))?.target;
  if (!target) return { ok: false, reason: "expired" };

  return db.transaction(async (tx) => {
    const checked = await verifyCode(tx, {
      userId: input.user.id,
      purpose,
      target,
      code,
      now: ctx.now,
    });
    if (!checked.ok) return { ok: false, reason: checked.reason } as const;
    await tx
      .update(users)
      .set(
        input.channel === "email"
          ? { email: checked.target, emailVerifiedAt: ctx.now, updatedAt: ctx.now }
          : { phone: checked.target, phoneVerifiedAt: ctx.now, updatedAt: ctx.now },
      )
      .where(eq(users.id, input.user.id));
    // A reset link or code on its way to the old address or number must not outlive the change.
    const previous = input.channel === "email" ? input.user.email?.toLowerCase() : input.user.phone;
    if (previous && previous !== checked.target)
      for (const p of ["reset_link", "reset_code"] as const) await voidTokens(tx, input.user.id, p, ctx.now);
    const old = input.user.email;
    if (input.channel === "email" && input.notifyOldAddress && old && old.toLowerCase() !== checked.target) {
      const org = await organizationOf(tx, input.user);
      await enqueue(
        tx,
        {
          channel: "email",
          to: old,
          template: "EmailChangedEmail",
          organizationId: org.id,
          userId: input.user.id,
          props: {
            ...commonProps(org, input.user),
            username: formatIdentifier(input.user, org),
            newAddressHint: maskEmail(checked.target),
            changedAt: ctx.now.toISOString(),
          },
        },
        ctx.now,
      );
    }
    await recordAudit(tx, {
      event: "contact.changed",
      organizationId: input.user.organizationId,
      actorUserId: input.user.id,
      subjectUserId: input.user.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { channel: input.channel },
    });
    return { ok: true, target: checked.target } as const;
  });
}

/** "Poista puhelinnumero": no number, so no SMS; a waiting phone code stops working too. */
export async function removePhone(db: Db, input: { user: User }, ctx: FlowContext): Promise<{ ok: boolean }> {
  if (!input.user.phone) return { ok: false };
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ phone: null, phoneVerifiedAt: null, updatedAt: ctx.now })
      .where(eq(users.id, input.user.id));
    await voidTokens(tx, input.user.id, "phone_change", ctx.now);
    // A reset code sent by SMS to the removed number dies with it.
    await voidTokens(tx, input.user.id, "reset_code", ctx.now);
    await recordAudit(tx, {
      event: "contact.phone_removed",
      organizationId: input.user.organizationId,
      actorUserId: input.user.id,
      subjectUserId: input.user.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
  });
  return { ok: true };
}

/** "Cancel": the waiting code stops working and the page offers the change again. */
export async function cancelContactChange(
  db: Db,
  input: { user: User; channel: ContactChannel },
  now: Date,
): Promise<void> {
  await voidTokens(db, input.user.id, purposeOf[input.channel], now);
}
