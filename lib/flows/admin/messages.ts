import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { type OutboxRow, outbox, users } from "@/lib/db/schema";
import { sendActivation } from "./users";
import { queueResetLinkEmail } from "@/lib/flows/password/reset-by-link";
import type { EmailTemplate, SmsTemplate } from "@/lib/messages/templates";
import { FAILED_WINDOW_DAYS, openFailure } from "@/lib/messages/outbox-health";
import { isUuid } from "@/lib/validation/uuid";
import { type AdminScope, auditActor, userInScope } from "./scope";
import { passwordLinkAllowed } from "./user-actions";
import type { FlowContext, Ok } from "@/lib/flows/context";

/**
 * What "send again" does with a message that failed for good. Its links and codes were removed at
 * the failure (they never sit in the outbox once a message is given up), so the same message
 * cannot go out again:
 * - `requeue`: no link or code in it; the same message is queued again.
 * - `newActivation`: a new activation link (the old one is voided), to the person's address now,
 *   if they have still not activated.
 * - `newResetLink`: a new password link for this person only, and only to their verified address
 *   (as "send a password link" does); the old link is voided.
 * - `askForNewCode`: a code is asked for by the person, who is waiting for it at that moment; a
 *   new one sent later would arrive unasked. The page tells the administrator so.
 * Every template has its entry: a new template does not type-check until it is decided.
 */
export type ResendPolicy = "requeue" | "newActivation" | "newResetLink" | "askForNewCode";
const RESEND_POLICY: Record<EmailTemplate | SmsTemplate, ResendPolicy> = {
  ActivationEmail: "newActivation",
  ResetLinkEmail: "newResetLink",
  ResetCodeEmail: "askForNewCode",
  ResetCodeSms: "askForNewCode",
  VerificationCodeEmail: "askForNewCode",
  VerificationCodeSms: "askForNewCode",
  UsernameReminderEmail: "requeue",
  UsernameReminderSms: "requeue",
  PasswordChangedEmail: "requeue",
  EmailChangedEmail: "requeue",
  // Notices: they hold no link or code of their own (only the public recovery pages' addresses).
  SignInPausedEmail: "requeue",
  SignInLockedEmail: "requeue",
  CodeRecoveryPausedEmail: "requeue",
};
export const resendPolicyOf = (template: string): ResendPolicy | null =>
  (RESEND_POLICY as Record<string, ResendPolicy>)[template] ?? null;

export type ResendMessageResult =
  /** `fresh`: a new message with a new link went into the outbox; else the same one was queued again. */
  | { ok: true; fresh: boolean }
  | {
      ok: false;
      reason: "notFound" | "notFailed" | "notApplicable" | "noEmail" | "emailNotVerified" | "askForNewCode";
    };

type Ctx = Required<Pick<FlowContext, "now" | "appOrigin">>;

/** A new message in place of a failed one, for its person, in the caller's transaction. */
async function freshMessage(
  tx: Db,
  scope: AdminScope,
  row: OutboxRow,
  policy: "newActivation" | "newResetLink",
  ctx: Ctx,
): Promise<Ok<{ fresh: true; newId: string }> | Extract<ResendMessageResult, { ok: false }>> {
  const found = row.userId ? await userInScope(tx, scope, row.userId, { lock: true }) : null;
  if (!found) return { ok: false, reason: "notFound" };
  const { user, organization } = found;
  if (policy === "newActivation") {
    if (user.status !== "invited") return { ok: false, reason: "notApplicable" };
    if (!user.email) return { ok: false, reason: "noEmail" };
    return { ok: true, fresh: true, newId: await sendActivation(tx, organization, user, ctx.now, ctx.appOrigin) };
  }
  if (!passwordLinkAllowed(user))
    return {
      ok: false,
      reason:
        user.email && (user.status === "active" || user.status === "invited") ? "emailNotVerified" : "notApplicable",
    };
  const newId = await queueResetLinkEmail(tx, user.email, [found], ctx);
  if (!newId) throw new Error("freshMessage: no reset link was queued");
  return { ok: true, fresh: true, newId };
}

async function resendInTransaction(
  tx: Db,
  scope: AdminScope,
  messageId: string,
  ctx: Ctx,
): Promise<ResendMessageResult> {
  const [row] = await tx
    .select()
    .from(outbox)
    .where(and(eq(outbox.id, messageId), eq(outbox.organizationId, scope.organizationId)))
    .for("update");
  if (!row) return { ok: false, reason: "notFound" };
  if (row.status !== "failed" || row.replacedBy) return { ok: false, reason: "notFailed" };
  const policy = resendPolicyOf(row.template);
  if (!policy) return { ok: false, reason: "notApplicable" };
  if (policy === "askForNewCode") return { ok: false, reason: "askForNewCode" };

  let result: ResendMessageResult;
  if (policy === "requeue") {
    await tx
      .update(outbox)
      .set({ status: "pending", attempts: 0, nextAttemptAt: ctx.now, lastError: null, leaseUntil: null })
      .where(eq(outbox.id, row.id));
    result = { ok: true, fresh: false };
  } else {
    const made = await freshMessage(tx, scope, row, policy, ctx);
    if (!made.ok) return made;
    await tx.update(outbox).set({ replacedBy: made.newId }).where(eq(outbox.id, row.id));
    result = { ok: true, fresh: true };
  }
  await recordAudit(tx, {
    ...auditActor(scope),
    event: "admin.resendMessage",
    subjectUserId: row.userId,
    details: { template: row.template, channel: row.channel, fresh: result.fresh },
  });
  return result;
}

/** "Send again" for a message that failed for good, as its template's policy says (see RESEND_POLICY). */
export async function resendFailedMessage(
  db: Db,
  scope: AdminScope,
  input: { messageId: string },
  ctx: Ctx,
): Promise<ResendMessageResult> {
  if (!isUuid(input.messageId)) return { ok: false, reason: "notFound" };
  return db.transaction((tx) => resendInTransaction(tx, scope, input.messageId, ctx));
}

export type RetryReport = { requeued: number; fresh: number; skipped: number };

/**
 * The operator's `outbox:retry --failed`: every message that failed for good and is not yet dealt
 * with, optionally of one organisation, each as "send again" would; codes and messages that no
 * longer apply are skipped and counted.
 */
export async function retryFailedMessages(db: Db, input: { organizationId?: string }, ctx: Ctx): Promise<RetryReport> {
  const rows = await db
    .select({ id: outbox.id, organizationId: outbox.organizationId, template: outbox.template })
    .from(outbox)
    .where(and(openFailure(), input.organizationId ? eq(outbox.organizationId, input.organizationId) : undefined));
  const report: RetryReport = { requeued: 0, fresh: 0, skipped: 0 };
  const requeue = rows.filter((r) => resendPolicyOf(r.template) === "requeue").map((r) => r.id);
  if (requeue.length > 0) {
    await db
      .update(outbox)
      .set({ status: "pending", attempts: 0, nextAttemptAt: ctx.now, lastError: null, leaseUntil: null })
      .where(inArray(outbox.id, requeue));
    report.requeued = requeue.length;
  }
  for (const row of rows) {
    const policy = resendPolicyOf(row.template);
    if (policy === "requeue") continue;
    if (policy !== "newActivation" && policy !== "newResetLink") {
      report.skipped++;
      continue;
    }
    const scope = { organizationId: row.organizationId ?? "", actorUserId: null, userAgent: "admin-cli" };
    const result = row.organizationId
      ? await resendFailedMessage(db, scope, { messageId: row.id }, ctx)
      : { ok: false };
    if (result.ok) report.fresh++;
    else report.skipped++;
  }
  if (rows.length > 0)
    await recordAudit(db, {
      event: "operator.outboxRetry",
      organizationId: input.organizationId ?? null,
      details: { messages: rows.length, ...report },
    });
  return report;
}

export type FailedMessagesNotice = { count: number; people: { userId: string; name: string; messages: number }[] };

/**
 * The notice on /admin: how many of the organisation's messages failed for good in the last
 * FAILED_WINDOW_DAYS days and were not sent again, and whose they were (the first few; each
 * person's page lists their messages and sends them again).
 */
export async function failedMessagesOf(
  db: Db,
  scope: AdminScope,
  now = new Date(),
  limit = 5,
): Promise<FailedMessagesNotice> {
  const since = new Date(now.getTime() - FAILED_WINDOW_DAYS * 86_400_000);
  const open = and(openFailure(), eq(outbox.organizationId, scope.organizationId), gte(outbox.createdAt, since));
  const [[total], people] = await Promise.all([
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(open),
    db
      .select({
        userId: users.id,
        displayName: users.displayName,
        username: users.username,
        membershipNumber: users.membershipNumber,
        messages: sql<number>`count(*)::int`,
      })
      .from(outbox)
      .innerJoin(users, and(eq(users.id, outbox.userId), eq(users.organizationId, scope.organizationId)))
      .where(open)
      .groupBy(users.id)
      .orderBy(desc(sql`max(${outbox.createdAt})`))
      .limit(limit),
  ]);
  return {
    count: total?.n ?? 0,
    people: people.map((p) => ({
      userId: p.userId,
      name: p.displayName || p.username || p.membershipNumber || "",
      messages: p.messages,
    })),
  };
}
