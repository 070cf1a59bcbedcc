import { and, eq, isNotNull, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { formatIdentifier } from "@/lib/identity/identifiers";
import { normalizeEmail, normalizePhone } from "@/lib/contact";
import { activeOrInvited, selectAccounts } from "@/lib/db/accounts";
import type { Db } from "@/lib/db/client";
import { organizations, users } from "@/lib/db/schema";
import { commonProps } from "@/lib/messages/common-props";
import { enqueue } from "@/lib/messages/outbox";
import { consumeRateLimit } from "@/lib/rate-limit";
import { SmsAllowanceSpent, smsCountryAllowed, spendSmsAllowance } from "@/lib/sms-allowance";
import { CONTACT_MAX } from "@/lib/validation/limits";
import { runOrDefer } from "./deferred";
import type { Failure, FlowContext, Ok } from "@/lib/flows/context";

/** The reminder's e-mail links to the sign-in page: `appOrigin` is required. */
type Context = FlowContext & Required<Pick<FlowContext, "appOrigin">>;

export type ForgotUsernameResult = Ok | Failure<"empty" | "invalid" | "tooLong" | "rateLimited">;

/** An e-mail address, or else a phone number: whichever the person typed. */
function readContact(
  value: string,
): { channel: "email" | "sms"; target: string } | { error: "empty" | "invalid" | "tooLong" } {
  const trimmed = value.trim();
  if (!trimmed) return { error: "empty" };
  if (trimmed.length > CONTACT_MAX) return { error: "tooLong" };
  const result = trimmed.includes("@") ? normalizeEmail(trimmed) : normalizePhone(trimmed);
  if (!result.ok) return { error: result.problem };
  return { channel: trimmed.includes("@") ? "email" : "sms", target: result.value };
}

/** Every username on that verified address or number, in one message; audited either way. */
async function sendUsernames(db: Db, contact: { channel: "email" | "sms"; target: string }, ctx: Context) {
  const matches = await selectAccounts(db)
    .where(
      and(
        activeOrInvited(),
        // Only where the organisation lets its members recover by this channel.
        sql`${contact.channel} = ANY(${organizations.recoveryMethods})`,
        contact.channel === "email"
          ? and(sql`lower(${users.email}) = ${contact.target}`, isNotNull(users.emailVerifiedAt))
          : and(eq(users.phone, contact.target), isNotNull(users.phoneVerifiedAt)),
      ),
    )
    .orderBy(organizations.licence, users.createdAt);

  const first = matches[0];
  const audit = (tx: Db, sent: boolean, reason?: "smsCountry" | "smsLimit") =>
    recordAudit(tx, {
      event: "username.reminder_requested",
      organizationId: first?.organization.id,
      subjectUserId: first?.user.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { channel: contact.channel, accounts: matches.length, sent, ...(reason ? { reason } : {}) },
    });
  // SMS go only to the accepted countries; silently, like every other reason nothing is sent.
  if (first && contact.channel === "sms" && !smsCountryAllowed(contact.target)) return audit(db, false, "smsCountry");
  try {
    await db.transaction(async (tx) => {
      if (first) {
        const accounts = matches.map((m) => ({
          identifier: formatIdentifier(m.user, m.organization),
          organizationName: m.organization.name,
        }));
        const common = commonProps(first.organization, first.user);
        // The one SMS is sent for every account it names: each spends one of its SMS for the day.
        if (contact.channel === "sms") for (const m of matches) await spendSmsAllowance(tx, m.user.id, ctx.now);
        await enqueue(
          tx,
          contact.channel === "email"
            ? {
                channel: "email",
                to: contact.target,
                template: "UsernameReminderEmail",
                organizationId: first.organization.id,
                userId: first.user.id,
                props: { ...common, accounts, loginUrl: `${ctx.appOrigin}/login` },
              }
            : {
                channel: "sms",
                to: contact.target,
                template: "UsernameReminderSms",
                organizationId: first.organization.id,
                userId: first.user.id,
                props: {
                  language: common.language,
                  organizationName: common.organizationName,
                  identifiers: accounts.map((a) => a.identifier),
                },
              },
          ctx.now,
        );
      }
      await audit(tx, Boolean(first));
    });
  } catch (error) {
    if (!(error instanceof SmsAllowanceSpent)) throw error;
    await audit(db, false, "smsLimit");
  }
}

/**
 * "Unohtunut käyttäjätunnus": every username on that verified address or number goes there,
 * never onto the screen. The answer is the same whether any account matched; given `defer`, the
 * lookup runs after it.
 */
export async function remindUsernames(db: Db, input: { contact: string }, ctx: Context): Promise<ForgotUsernameResult> {
  const contact = readContact(input.contact);
  if ("error" in contact) return { ok: false, reason: contact.error };
  for (const [policy, key] of [
    ["recoveryPerIp", ctx.ip],
    ["recoveryPerAddress", `${contact.channel}:${contact.target}`],
  ] as const) {
    if (!(await consumeRateLimit(db, policy, key)).allowed) return { ok: false, reason: "rateLimited" };
  }
  await runOrDefer(ctx, () => sendUsernames(db, contact, ctx));
  return { ok: true };
}
