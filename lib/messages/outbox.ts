import { and, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { outbox, type OutboxRow } from "@/lib/db/schema";
import type { Language } from "@/lib/i18n/languages";
import { openProps, SealedPropsError, sealProps } from "./sealed-props";
import {
  type EmailProps,
  type EmailTemplate,
  isEmailTemplate,
  isSmsTemplate,
  renderEmail,
  renderSms,
  scrubProps,
  type SmsProps,
  type SmsTemplate,
} from "./templates";
import type { Transports } from "./transports/types";

type Common = { organizationId?: string | null; userId?: string | null };
export type OutgoingMessage =
  | {
      [K in EmailTemplate]: Common & { channel: "email"; to: string; template: K; props: EmailProps[K] };
    }[EmailTemplate]
  | { [K in SmsTemplate]: Common & { channel: "sms"; to: string; template: K; props: SmsProps[K] } }[SmsTemplate];

/**
 * Queues a message in the caller's transaction: it is sent only if that transaction commits, and
 * it is not lost if the sending fails later. Returns the outbox id.
 */
export async function enqueue(tx: Db, message: OutgoingMessage, now = new Date()): Promise<string> {
  const [id] = await enqueueMany(tx, [message], now);
  if (!id) throw new Error("enqueue: the outbox row was not written");
  return id;
}

/**
 * A message's props as a row keeps them: in clear only what stays once it is sent (the scrubbed
 * props); the full props sealed when they differ, i.e. carry a link or code.
 */
function storedProps(message: Pick<OutgoingMessage, "channel" | "to" | "template" | "props">): {
  props: Record<string, unknown>;
  sealedProps: string | null;
} {
  const full = message.props as Record<string, unknown>;
  const props = scrubProps(message.template, full);
  const secret = JSON.stringify(props) !== JSON.stringify(full);
  return {
    props,
    sealedProps: secret
      ? sealProps(full, { channel: message.channel, recipient: message.to, template: message.template })
      : null,
  };
}

/** The props a row's message is rendered from: opened from the seal, or in clear when it has none. */
export function propsForSending(
  row: Pick<OutboxRow, "channel" | "recipient" | "template" | "props" | "sealedProps">,
): Record<string, unknown> {
  return row.sealedProps
    ? openProps(row.sealedProps, { channel: row.channel, recipient: row.recipient, template: row.template })
    : row.props;
}

/** Many messages in one insert (a register import's activation e-mails). */
export async function enqueueMany(tx: Db, messages: OutgoingMessage[], now = new Date()): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = await tx
    .insert(outbox)
    .values(
      messages.map((message) => ({
        channel: message.channel,
        recipient: message.to,
        template: message.template,
        language: message.props.language as Language,
        ...storedProps(message),
        organizationId: message.organizationId ?? null,
        userId: message.userId ?? null,
        nextAttemptAt: now,
      })),
    )
    .returning({ id: outbox.id });
  return rows.map((r) => r.id);
}

export type DeliveryOptions = {
  transports: Transports;
  now?: () => Date;
  /** How many rows one call claims. */
  batchSize?: number;
  /** A claimed row is another worker's to take after this long: longer than any send may take. */
  leaseMs?: number;
  maxAttempts?: number;
};

export type DeliveryReport = { sent: number; retried: number; failed: number };

const DEFAULT_LEASE_MS = 2 * 60_000;
const DEFAULT_MAX_ATTEMPTS = 8;

/** 30 s, 1 min, 2 min … doubling to at most an hour, with ±20 % jitter so retries spread. */
export function retryDelayMs(attempt: number, random = Math.random): number {
  const base = Math.min(60 * 60_000, 30_000 * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

type Claimed = typeof outbox.$inferSelect;

/**
 * Takes up to `batchSize` due rows for this worker: pending ones whose time has come, and ones a
 * crashed worker left `sending` past their lease. SKIP LOCKED lets workers run side by side
 * without ever taking the same row.
 */
async function claimDue(db: Db, now: Date, batchSize: number, leaseMs: number): Promise<Claimed[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      or(
        and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)),
        and(eq(outbox.status, "sending"), lt(outbox.leaseUntil, now)),
      ),
    )
    .orderBy(outbox.nextAttemptAt)
    .limit(batchSize)
    .for("update", { skipLocked: true });
  return db
    .update(outbox)
    .set({ status: "sending", leaseUntil: new Date(now.getTime() + leaseMs), attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, due))
    .returning();
}

async function send(row: Claimed, transports: Transports): Promise<string> {
  const props = propsForSending(row) as never;
  if (row.channel === "email") {
    if (!isEmailTemplate(row.template)) throw new Error(`unknown e-mail template ${row.template}`);
    const rendered = await renderEmail(row.template, props);
    return (await transports.email.sendEmail({ outboxId: row.id, to: row.recipient, ...rendered })).providerMessageId;
  }
  if (!isSmsTemplate(row.template)) throw new Error(`unknown SMS template ${row.template}`);
  const text = renderSms(row.template, props);
  return (await transports.sms.sendSms({ outboxId: row.id, to: row.recipient, text })).providerMessageId;
}

/** Transport errors can quote the message; keep the reason, never a link or code. */
function describeError(error: unknown): string {
  if (error instanceof SealedPropsError) return error.message;
  const e = error as { code?: string; responseCode?: number; name?: string; message?: string };
  const reason = [e.name, e.code, e.responseCode].filter(Boolean).join(" ");
  const message = (e.message ?? String(error)).replace(/https?:\/\/\S+/g, "[link]").replace(/\b\d{6}\b/g, "[code]");
  return `${reason ? `${reason}: ` : ""}${message}`.slice(0, 500);
}

/**
 * Sends what is due, once. Each row's outcome is written with the attempt number it was claimed
 * with, so a worker that lost its lease cannot overwrite the outcome of the one that took over.
 */
export async function deliverDue(db: Db, opts: DeliveryOptions): Promise<DeliveryReport> {
  const now = opts.now ?? (() => new Date());
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  const claimed = await claimDue(db, now(), opts.batchSize ?? 50, opts.leaseMs ?? DEFAULT_LEASE_MS);
  for (const row of claimed) {
    const mine = and(eq(outbox.id, row.id), eq(outbox.status, "sending"), eq(outbox.attempts, row.attempts));
    try {
      const providerMessageId = await send(row, opts.transports);
      await db
        .update(outbox)
        .set({
          status: "sent",
          sentAt: now(),
          providerMessageId,
          leaseUntil: null,
          lastError: null,
          props: scrubProps(row.template, row.props as Record<string, unknown>),
          sealedProps: null,
        })
        .where(mine);
      report.sent++;
    } catch (error) {
      // Props that cannot be opened (AUTH_SECRET changed, the row was altered) never will be.
      const last = row.attempts >= maxAttempts || error instanceof SealedPropsError;
      if (last) {
        if (await failForGood(db, row, mine, describeError(error), now())) report.failed++;
        continue;
      }
      await db
        .update(outbox)
        .set({
          status: "pending",
          leaseUntil: null,
          lastError: describeError(error),
          nextAttemptAt: new Date(now().getTime() + retryDelayMs(row.attempts)),
        })
        .where(mine);
      report.retried++;
    }
  }
  return report;
}

/**
 * The last attempt failed: the links and codes go (they will not be sent; "send again" makes new
 * ones), and the failure is audited without content, so it shows on /admin and in the health check.
 */
export async function failForGood(
  db: Db,
  row: Claimed,
  mine: ReturnType<typeof and>,
  lastError: string,
  now: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const done = await tx
      .update(outbox)
      .set({
        status: "failed",
        leaseUntil: null,
        lastError,
        nextAttemptAt: now,
        sealedProps: null,
        props: scrubProps(row.template, row.props as Record<string, unknown>),
      })
      .where(mine)
      .returning({ id: outbox.id });
    if (done.length === 0) return false;
    await recordAudit(tx, {
      event: "message.failed",
      organizationId: row.organizationId,
      subjectUserId: row.userId,
      details: { template: row.template, channel: row.channel, attempts: row.attempts },
    });
    return true;
  });
}

/** Keeps delivering until nothing is due or the time budget is spent (the cron route's loop). */
export async function deliverAllDue(db: Db, opts: DeliveryOptions & { budgetMs: number }): Promise<DeliveryReport> {
  const deadline = Date.now() + opts.budgetMs;
  const total: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  while (Date.now() < deadline) {
    const r = await deliverDue(db, opts);
    total.sent += r.sent;
    total.retried += r.retried;
    total.failed += r.failed;
    if (r.sent + r.retried + r.failed === 0) break;
  }
  return total;
}
