import type { Db } from "@/lib/db/client";
import { emailTransportKind, env, smsTransportKind } from "@/lib/env";
import { captureTransports } from "./capture";
import { smtpTransport } from "./smtp";
import { snsTransport } from "./sns";
import type { Transports } from "./types";

/** The transports the environment chose (validated at start by `startupProblems`). */
export function configuredTransports(db: Db): Transports {
  const e = env();
  const capture = captureTransports(db);
  return {
    email: emailTransportKind(e) === "smtp" ? smtpTransport({ url: e.SMTP_URL!, from: e.EMAIL_FROM! }) : capture.email,
    sms:
      smsTransportKind(e) === "sns"
        ? snsTransport({ region: e.AWS_REGION!, senderId: e.SNS_SENDER_ID, endpoint: e.SNS_ENDPOINT })
        : capture.sms,
  };
}

export const isCapturing = () => emailTransportKind() === "capture" || smsTransportKind() === "capture";
