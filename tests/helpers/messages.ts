import type { Language } from "@/lib/i18n/languages";
import type { OutgoingMessage } from "@/lib/messages/outbox";
import type { EmailTransport, SmsTransport, Transports } from "@/lib/messages/transports/types";

export function activationMessage(to: string, n = 0, language: Language = "fi"): OutgoingMessage {
  return {
    channel: "email",
    to,
    template: "ActivationEmail",
    props: {
      language,
      organizationName: "Demo Oy",
      supportEmail: "tuki@demo-oy.example",
      recipientName: `Henkilö ${n}`,
      username: `user${n}@123`,
      activationUrl: `https://tunnus.example/activate/secret-token-${n}`,
      expiresInMinutes: 7 * 1440,
    },
  };
}

export function codeSms(to: string, code = "482913"): OutgoingMessage {
  return {
    channel: "sms",
    to,
    template: "VerificationCodeSms",
    props: { language: "fi", organizationName: "Demo Oy", code, expiresInMinutes: 10 },
  };
}

/** Transports that record what they were given and fail as told. */
export function recordingTransports(opts: { failFirst?: number; delayMs?: number; hang?: boolean } = {}) {
  const sent: { outboxId: string; to: string; subject?: string; text: string }[] = [];
  let calls = 0;
  const attempt = async (record: (typeof sent)[number]) => {
    calls++;
    if (opts.hang) return new Promise<never>(() => {});
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    if (calls <= (opts.failFirst ?? 0))
      throw Object.assign(new Error(`connect ECONNREFUSED, ${record.text.slice(0, 0)}try later`), {
        code: "ECONNREFUSED",
      });
    sent.push(record);
    return { providerMessageId: `test-${record.outboxId}` };
  };
  const email: EmailTransport = {
    kind: "capture",
    sendEmail: (m) => attempt({ outboxId: m.outboxId, to: m.to, subject: m.subject, text: m.text }),
  };
  const sms: SmsTransport = {
    kind: "capture",
    sendSms: (m) => attempt({ outboxId: m.outboxId, to: m.to, text: m.text }),
  };
  return { transports: { email, sms } satisfies Transports, sent, calls: () => calls };
}
