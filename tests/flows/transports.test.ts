import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freePort } from "@/lib/db/embedded-server";
import { outbox } from "@/lib/db/schema";
import { deliverDue, enqueue } from "@/lib/messages/outbox";
import { captureTransports } from "@/lib/messages/transports/capture";
import { smtpTransport } from "@/lib/messages/transports/smtp";
import { snsTransport } from "@/lib/messages/transports/sns";
import type { Transports } from "@/lib/messages/transports/types";
import { emptyTestDb } from "../helpers/db";
import { firstOf, must, testClock } from "../helpers/fixtures";
import { activationMessage, codeSms } from "../helpers/messages";

const h = emptyTestDb();
beforeEach(async () => {
  await h.db.delete(outbox);
});

const capture = () => captureTransports(h.db);

describe("SMTP transport against a real smtp-server", () => {
  let smtp: SMTPServer;
  let port: number;
  const received: { raw: Buffer; from?: string; to: string[] }[] = [];
  let reject: number | null = null;

  beforeAll(async () => {
    port = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          if (reject) return callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: reject }));
          received.push({
            raw: Buffer.concat(chunks),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            to: session.envelope.rcptTo.map((r) => r.address),
          });
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(port, "127.0.0.1", r));
  });
  afterAll(() => new Promise<void>((r) => smtp.close(() => r())));

  const transports = (url = `smtp://127.0.0.1:${port}`): Transports => ({
    email: smtpTransport({ url, from: "Tunnus <noreply@tunnus.example>", timeoutMs: 3000 }),
    sms: capture().sms,
  });

  it("delivers HTML and text parts with From, To, Subject and UTF-8 intact", async () => {
    received.length = 0;
    await enqueue(h.db, activationMessage("asa.oberg@example.com", 1, "sv"));
    expect(await deliverDue(h.db, { transports: transports() })).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    const mail = await simpleParser(must(received[0], "the mail").raw);
    expect(mail.from?.value).toEqual([{ name: "Tunnus", address: "noreply@tunnus.example" }]);
    expect(received[0]?.to).toEqual(["asa.oberg@example.com"]);
    expect(mail.subject).toBe("Aktivera ditt användarkonto – Demo Oy");
    expect(mail.text).toContain("Hej Henkilö 1,");
    expect(mail.text).toContain("https://tunnus.example/activate/secret-token-1");
    expect(mail.html).toContain("Ditt användarnamn:");
    expect(mail.text).toContain("Ditt användarnamn:");
    expect(mail.html).toContain('lang="sv"');
    const row = await firstOf(h.db.select().from(outbox), "the message");
    expect(row.providerMessageId).toBe(mail.messageId);
  });

  it("retries later when the connection is refused", async () => {
    const clock = testClock();
    const closed = await freePort();
    const id = await enqueue(h.db, activationMessage("maija@example.com"), clock.now());
    expect(
      await deliverDue(h.db, { transports: transports(`smtp://127.0.0.1:${closed}`), now: clock.now }),
    ).toMatchObject({ retried: 1 });
    let [row] = await h.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row?.lastError).toContain("ECONNREFUSED");
    expect(must(row, "the message").lastError).not.toContain("secret-token");
    clock.advance(60_000);
    received.length = 0;
    expect(await deliverDue(h.db, { transports: transports(), now: clock.now })).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    [row] = await h.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row?.status).toBe("sent");
  });

  it("retries later on a 5xx reply", async () => {
    const clock = testClock();
    reject = 554;
    await enqueue(h.db, activationMessage("maija@example.com"), clock.now());
    expect(await deliverDue(h.db, { transports: transports(), now: clock.now })).toMatchObject({ retried: 1 });
    const row = await firstOf(h.db.select().from(outbox), "the message");
    expect(row.lastError).toMatch(/554/);
    reject = null;
    clock.advance(60_000);
    expect(await deliverDue(h.db, { transports: transports(), now: clock.now })).toMatchObject({ sent: 1 });
  });
});

describe("SNS transport against a local stand-in for SNS", () => {
  let server: Server;
  let endpoint: string;
  const requests: URLSearchParams[] = [];
  let failNext = 0;

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDTEST";
    process.env.AWS_SECRET_ACCESS_KEY = "test-secret";
    server = createServer(async (req: IncomingMessage, res) => {
      let body = "";
      for await (const chunk of req) body += chunk;
      const params = new URLSearchParams(body);
      requests.push(params);
      if (failNext > 0) {
        failNext--;
        res.writeHead(500, { "content-type": "text/xml" });
        res.end(
          `<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code><Message>try again</Message></Error><RequestId>r1</RequestId></ErrorResponse>`,
        );
        return;
      }
      res.writeHead(200, { "content-type": "text/xml" });
      res.end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>msg-${requests.length}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`,
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const transports = (): Transports => ({
    email: capture().email,
    sms: snsTransport({ region: "eu-north-1", senderId: "DemoOy", endpoint }),
  });

  it("publishes the text to the phone number as a transactional SMS", async () => {
    requests.length = 0;
    await enqueue(h.db, codeSms("+358401234567", "552211"));
    expect(await deliverDue(h.db, { transports: transports() })).toMatchObject({ sent: 1 });
    expect(requests).toHaveLength(1);
    const p = must(requests[0], "the request");
    expect(p.get("Action")).toBe("Publish");
    expect(p.get("PhoneNumber")).toBe("+358401234567");
    expect(p.get("Message")).toBe("Vahvistuskoodisi on 552211. Koodi on voimassa 10 min. - Demo Oy");
    const attributes = new Map<string, string>();
    for (let i = 1; p.has(`MessageAttributes.entry.${i}.Name`); i++) {
      attributes.set(
        p.get(`MessageAttributes.entry.${i}.Name`)!,
        p.get(`MessageAttributes.entry.${i}.Value.StringValue`)!,
      );
    }
    expect(attributes.get("AWS.SNS.SMS.SMSType")).toBe("Transactional");
    expect(attributes.get("AWS.SNS.SMS.SenderID")).toBe("DemoOy");
    const row = await firstOf(h.db.select().from(outbox), "the message");
    expect(row).toMatchObject({ status: "sent", providerMessageId: "msg-1" });
    expect(JSON.stringify(row.props)).not.toContain("552211");
  });

  it("retries an error reply later", async () => {
    const clock = testClock();
    requests.length = 0;
    failNext = 1;
    await enqueue(h.db, codeSms("+358401234567"), clock.now());
    expect(await deliverDue(h.db, { transports: transports(), now: clock.now })).toMatchObject({ retried: 1 });
    const row = await firstOf(h.db.select().from(outbox), "the message");
    expect(row.lastError).toContain("InternalError");
    clock.advance(60_000);
    expect(await deliverDue(h.db, { transports: transports(), now: clock.now })).toMatchObject({ sent: 1 });
    expect(requests).toHaveLength(2);
  });
});
