import type { Db } from "@/lib/db/client";
import { capturedMessages } from "@/lib/db/schema";
import type { EmailTransport, SmsTransport } from "./types";

/**
 * "Sends" into the captured_messages table: the dev mailbox and the tests read it there. Used in
 * development, tests and demo mode only (production refuses to start with it).
 */
export function captureTransports(db: Db): { email: EmailTransport; sms: SmsTransport } {
  return {
    email: {
      kind: "capture",
      async sendEmail(m) {
        await db.insert(capturedMessages).values({
          outboxId: m.outboxId,
          channel: "email",
          recipient: m.to,
          subject: m.subject,
          text: m.text,
          html: m.html,
        });
        return { providerMessageId: `capture:${m.outboxId}` };
      },
    },
    sms: {
      kind: "capture",
      async sendSms(m) {
        await db
          .insert(capturedMessages)
          .values({ outboxId: m.outboxId, channel: "sms", recipient: m.to, text: m.text });
        return { providerMessageId: `capture:${m.outboxId}` };
      },
    },
  };
}
