import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { SmsTransport } from "./types";

/**
 * SMS through Amazon SNS `Publish` to a phone number, as a transactional message. Region and
 * credentials come from the standard AWS variables; `endpoint` is for tests.
 */
export function snsTransport(opts: {
  region: string;
  senderId?: string;
  endpoint?: string;
  timeoutMs?: number;
}): SmsTransport {
  const client = new SNSClient({
    region: opts.region,
    endpoint: opts.endpoint,
    maxAttempts: 1, // the outbox retries, with backoff, across requests
    requestHandler: { requestTimeout: opts.timeoutMs ?? 15_000 },
  });
  return {
    kind: "sns",
    async sendSms(m) {
      const result = await client.send(
        new PublishCommand({
          PhoneNumber: m.to,
          Message: m.text,
          MessageAttributes: {
            "AWS.SNS.SMS.SMSType": { DataType: "String", StringValue: "Transactional" },
            ...(opts.senderId ? { "AWS.SNS.SMS.SenderID": { DataType: "String", StringValue: opts.senderId } } : {}),
          },
        }),
      );
      if (!result.MessageId) throw new Error("SNS answered without a MessageId");
      return { providerMessageId: result.MessageId };
    },
  };
}
