import { desc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { capturedMessages, outbox } from "@/lib/db/schema";
import { isDemoAllowed } from "@/lib/env";
import { isCapturing } from "./transports";

/** The dev mailbox exists only while messages are captured, and never in production proper. */
export const isMailboxAvailable = () => isCapturing() && isDemoAllowed();

export type MailboxEntry = {
  id: string;
  channel: "email" | "sms";
  to: string;
  subject: string | null;
  text: string | null;
  html: string | null;
  template: string;
  status: "pending" | "sending" | "sent" | "failed";
  createdAt: string;
};

/** Every queued message, newest first, with what the capture transport rendered once sent. */
export async function listMailbox(db: Db, limit = 200): Promise<MailboxEntry[]> {
  const rows = await db
    .select({
      id: outbox.id,
      channel: outbox.channel,
      to: outbox.recipient,
      subject: capturedMessages.subject,
      text: capturedMessages.text,
      html: capturedMessages.html,
      template: outbox.template,
      status: outbox.status,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .leftJoin(capturedMessages, eq(capturedMessages.outboxId, outbox.id))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function capturedHtml(db: Db, outboxId: string): Promise<string | null> {
  const [row] = await db
    .select({ html: capturedMessages.html })
    .from(capturedMessages)
    .where(eq(capturedMessages.outboxId, outboxId))
    .limit(1);
  return row?.html ?? null;
}
