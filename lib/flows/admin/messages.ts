import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";
import { isUuid } from "@/lib/uuid";
import { type AdminScope, auditActor } from "./scope";

export type ResendMessageResult = { ok: true } | { ok: false; reason: "notFound" | "notFailed" };

/**
 * "Send again" for a message that failed for good. Failed rows keep their props, so the same
 * message goes out; a link inside it may have expired meanwhile, and the page says so.
 */
export async function resendFailedMessage(db: Db, scope: AdminScope, input: { messageId: string }, ctx: { now: Date }): Promise<ResendMessageResult> {
  if (!isUuid(input.messageId)) return { ok: false, reason: "notFound" };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.id, input.messageId), eq(outbox.organizationId, scope.organizationId)))
      .for("update");
    if (!row) return { ok: false, reason: "notFound" } as const;
    if (row.status !== "failed") return { ok: false, reason: "notFailed" } as const;
    await tx.update(outbox).set({ status: "pending", attempts: 0, nextAttemptAt: ctx.now, lastError: null, leaseUntil: null }).where(eq(outbox.id, row.id));
    await recordAudit(tx, { ...auditActor(scope), event: "admin.resendMessage", subjectUserId: row.userId, details: { template: row.template, channel: row.channel } });
    return { ok: true } as const;
  });
}

/** The operator's `outbox:retry --failed`: every message that failed for good, optionally of one organisation. */
export async function retryFailedMessages(db: Db, input: { organizationId?: string }, ctx: { now: Date }): Promise<number> {
  const rows = await db
    .update(outbox)
    .set({ status: "pending", attempts: 0, nextAttemptAt: ctx.now, lastError: null, leaseUntil: null })
    .where(and(eq(outbox.status, "failed"), input.organizationId ? eq(outbox.organizationId, input.organizationId) : sql`true`))
    .returning({ id: outbox.id });
  if (rows.length > 0) await recordAudit(db, { event: "operator.outboxRetry", organizationId: input.organizationId ?? null, details: { messages: rows.length } });
  return rows.length;
}
