import type { RenderedEmail } from "../templates";

export type SendResult = { providerMessageId: string };

export interface EmailTransport {
  readonly kind: "smtp" | "capture";
  sendEmail(message: RenderedEmail & { outboxId: string; to: string }): Promise<SendResult>;
}

export interface SmsTransport {
  readonly kind: "sns" | "capture";
  sendSms(message: { outboxId: string; to: string; text: string }): Promise<SendResult>;
}

export type Transports = { email: EmailTransport; sms: SmsTransport };
