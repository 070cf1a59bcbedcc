import nodemailer from "nodemailer";
import type { EmailTransport } from "./types";

/** E-mail through any SMTP server (nodemailer): HTML and text parts, UTF-8 throughout. */
export function smtpTransport(opts: { url: string; from: string; timeoutMs?: number }): EmailTransport {
  const timeout = opts.timeoutMs ?? 20_000;
  const transporter = nodemailer.createTransport(opts.url, {
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  } as never);
  return {
    kind: "smtp",
    async sendEmail(m) {
      const info = await transporter.sendMail({
        from: opts.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        textEncoding: "quoted-printable",
        headers: { "Auto-Submitted": "auto-generated", "X-Tunnus-Message": m.outboxId },
      });
      return { providerMessageId: info.messageId };
    },
  };
}
