import { and, desc, eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/lib/db/embedded-server";
import { auditEvents, outbox, users } from "@/lib/db/schema";
import { activateAccount } from "@/lib/flows/account/activation";
import { failedMessagesOf, resendFailedMessage, retryFailedMessages } from "@/lib/flows/admin/messages";
import { runUserAction } from "@/lib/flows/admin/user-actions";
import { createUser } from "@/lib/flows/admin/users";
import { outboxHealth } from "@/lib/messages/outbox-health";
import { migrateDatabase } from "@/lib/db/migrate";
import { deliverDue, enqueue } from "@/lib/messages/outbox";
import { captureTransports } from "@/lib/messages/transports/capture";
import { smtpTransport } from "@/lib/messages/transports/smtp";
import type { Transports } from "@/lib/messages/transports/types";
import { checkLinkToken } from "@/lib/tokens/tokens";
import { seededTestDb } from "../helpers/db";
import { secretFromUrl, accountsIn, firstOf, linkSecretIn, messageTo, must, userByEmail } from "../helpers/fixtures";
import { insertFailedMessage } from "../helpers/members";

/**
 * Links and codes in the outbox: sealed while a message waits, gone once it is sent or has failed
 * for good; a failed message with a link is sent again as a new one, with a new link.
 */
const h = seededTestDb();
let smtp: SMTPServer;
let port: number;
const received: Buffer[] = [];
let refuse = false;

beforeAll(async () => {
  port = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (refuse) return callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
        received.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(port, "127.0.0.1", r));
});
afterAll(() => new Promise<void>((r) => smtp.close(() => r())));

const transports = (): Transports => ({
  email: smtpTransport({ url: `smtp://127.0.0.1:${port}`, from: "Tunnus <noreply@tunnus.example>", timeoutMs: 3000 }),
  sms: captureTransports(h.db).sms,
});
const ctx = () => ({ now: new Date(), actor: { userId: null }, appOrigin: "https://tunnus.example" });
const rawRow = (id: string) => firstOf(h.db.select().from(outbox).where(eq(outbox.id, id)), `outbox row ${id}`);
/** Everything the row keeps, as the database holds it. */
const rawText = async (id: string) => JSON.stringify(await rawRow(id));
const LINK = /https:\/\/tunnus\.example\/(activate|reset-password)\/[A-Za-z0-9_-]{43}/;
let n = 0;

async function invite() {
  const email = `sinetti${++n}@example.org`;
  const created = await createUser(
    h.db,
    { licence: "123", identifier: `sinetti${n}`, displayName: "Sini Sinetti", email },
    ctx(),
  );
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  const row = await messageTo(h.db, email);
  return { email, userId: created.userId, messageId: row.id, secret: secretFromUrl(row.props.activationUrl) };
}

/** Fails every due message for good at once (one attempt allowed) on a real SMTP refusal. */
async function failEverythingDue() {
  refuse = true;
  try {
    return await deliverDue(h.db, { transports: transports(), maxAttempts: 1 });
  } finally {
    refuse = false;
  }
}

/** What an admin page passes: the time and the app's origin. */
const adminCtx = () => ({ now: new Date(), appOrigin: "https://tunnus.example" });
const resend = (scope: Awaited<ReturnType<typeof scope123>>, messageId: string) =>
  resendFailedMessage(h.db, scope, { messageId }, adminCtx());

const scope123 = async () => {
  const org = await h.organization("123");
  return { organizationId: org.id, actorUserId: null, userAgent: "vitest" };
};

describe("secrets in the outbox", () => {
  it("a queued activation keeps no clear link; delivery over SMTP renders it; the sent row keeps nothing", async () => {
    const p = await invite();
    const queued = await rawText(p.messageId);
    expect(queued).not.toContain(p.secret);
    expect(queued).not.toMatch(LINK);
    expect((await rawRow(p.messageId)).props).toMatchObject({
      username: "sinetti1@123",
      activationUrl: "[removed after sending]",
    });

    received.length = 0;
    expect(await deliverDue(h.db, { transports: transports() })).toMatchObject({ sent: 1 });
    const mail = await simpleParser(must(received[0], "the mail"));
    expect(mail.text).toContain(`https://tunnus.example/activate/${p.secret}`);
    expect(await rawRow(p.messageId)).toMatchObject({ status: "sent", sealedProps: null });
    expect(await rawText(p.messageId)).not.toContain(p.secret);
  });

  it("reset codes and reset links are sealed too", async () => {
    const maija = await userByEmail(h.db, "maija@example.com");
    const scope = await scope123();
    await runUserAction(h.db, scope, { userId: maija.id, action: "sendPasswordLink" }, adminCtx());
    const link = await messageTo(h.db, "maija@example.com");
    const url = must(accountsIn(link)[0], "an account in the message").url;
    expect(url).toMatch(LINK);
    expect(await rawText(link.id)).not.toContain(secretFromUrl(url));

    const codeId = await enqueue(h.db, {
      channel: "sms",
      to: "+358401110001",
      template: "ResetCodeSms",
      props: { language: "fi", organizationName: "Demo Oy", code: "735102", expiresInMinutes: 10 },
    });
    expect(await rawText(codeId)).not.toContain("735102");
    await h.db.delete(outbox);
  });

  it("a final failure removes the sealed link, writes message.failed without content, and shows on /admin and the health check", async () => {
    const p = await invite();
    const before = await outboxHealth(h.db, new Date());
    expect(await failEverythingDue()).toMatchObject({ failed: 1 });
    const row = await rawRow(p.messageId);
    expect(row).toMatchObject({ status: "failed", sealedProps: null });
    expect(JSON.stringify(row)).not.toContain(p.secret);
    const audits = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, "message.failed"), eq(auditEvents.subjectUserId, p.userId)));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.details).toEqual({ template: "ActivationEmail", channel: "email", attempts: 1 });
    expect(audits[0]?.organizationId).toBe((await scope123()).organizationId);

    expect(await failedMessagesOf(h.db, await scope123())).toMatchObject({
      count: 1,
      people: [{ userId: p.userId, name: "Sini Sinetti", messages: 1 }],
    });
    const health = await outboxHealth(h.db, new Date());
    expect(health.failedForGood).toBe(before.failedForGood + 1);
  });

  it("the health check tells how long the oldest message has waited", async () => {
    const now = new Date();
    expect((await outboxHealth(h.db, now)).oldestPendingSeconds).toBeNull();
    await enqueue(
      h.db,
      {
        channel: "sms",
        to: "+358401110002",
        template: "ResetCodeSms",
        props: { language: "fi", organizationName: "Demo Oy", code: "111222", expiresInMinutes: 10 },
      },
      new Date(now.getTime() - 90_000),
    );
    await h.db
      .update(outbox)
      .set({ createdAt: new Date(now.getTime() - 90_000) })
      .where(eq(outbox.recipient, "+358401110002"));
    expect((await outboxHealth(h.db, now)).oldestPendingSeconds).toBe(90);
    await h.db.delete(outbox).where(eq(outbox.recipient, "+358401110002"));
  });

  it("a row whose recipient was changed in the database is not sent: the sealed props belong to their address", async () => {
    const p = await invite();
    await h.db.update(outbox).set({ recipient: "intruder@example.net" }).where(eq(outbox.id, p.messageId));
    received.length = 0;
    expect(await deliverDue(h.db, { transports: transports() })).toMatchObject({ sent: 0, failed: 1 });
    expect(received).toEqual([]);
    expect(await rawRow(p.messageId)).toMatchObject({
      status: "failed",
      sealedProps: null,
      lastError: "the sealed props could not be opened",
    });
  });
});

describe("sending a failed message again", () => {
  it("an activation goes out as a new message with a new link; the old link is void", async () => {
    const p = await invite();
    await failEverythingDue();
    const scope = await scope123();
    expect(await resend(scope, p.messageId)).toEqual({ ok: true, fresh: true });
    const old = await rawRow(p.messageId);
    expect(old.status).toBe("failed");
    expect(old.replacedBy).not.toBeNull();
    const fresh = await messageTo(h.db, p.email);
    expect(fresh.id).toBe(old.replacedBy);
    const secret = secretFromUrl(fresh.props.activationUrl);
    expect(secret).not.toBe(p.secret);
    expect(await checkLinkToken(h.db, p.secret, "activation", new Date())).toMatchObject({ ok: false, reason: "used" });

    received.length = 0;
    await deliverDue(h.db, { transports: transports() });
    const mail = await simpleParser(must(received.at(-1), "the mail"));
    expect(mail.text).toContain(`/activate/${secret}`);
    const password = "sinetöity viesti perillä";
    expect(
      await activateAccount(
        h.db,
        { secret, password, repeat: password },
        { now: new Date(), ip: "198.51.100.60", userAgent: "vitest" },
      ),
    ).toMatchObject({ ok: true, userId: p.userId });
    // Dealt with: no longer counted, and not sent again twice.
    expect((await failedMessagesOf(h.db, scope)).people.map((x) => x.userId)).not.toContain(p.userId);
    expect(await resend(scope, p.messageId)).toEqual({ ok: false, reason: "notFailed" });
    // …and an activation for someone already active is not sent again.
    const q = await invite();
    await failEverythingDue();
    await h.db.update(users).set({ status: "active" }).where(eq(users.id, q.userId));
    expect(await resend(scope, q.messageId)).toEqual({ ok: false, reason: "notApplicable" });
  });

  it("a password link goes out anew only to the person's verified address; a code is never resent", async () => {
    const scope = await scope123();
    const erik = await userByEmail(h.db, "erik@example.com");
    await h.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, erik.id));
    await runUserAction(h.db, scope, { userId: erik.id, action: "sendPasswordLink" }, adminCtx());
    const first = await messageTo(h.db, "erik@example.com");
    const oldSecret = linkSecretIn(first);
    await failEverythingDue();
    expect(await resend(scope, first.id)).toEqual({ ok: true, fresh: true });
    const fresh = await messageTo(h.db, "erik@example.com");
    expect(fresh).toMatchObject({ template: "ResetLinkEmail", status: "pending" });
    const newSecret = linkSecretIn(fresh);
    expect(await checkLinkToken(h.db, newSecret, "reset_link", new Date())).toMatchObject({
      ok: true,
      userId: erik.id,
    });
    expect(await checkLinkToken(h.db, oldSecret, "reset_link", new Date())).toMatchObject({
      ok: false,
      reason: "used",
    });
    await deliverDue(h.db, { transports: transports() });

    // The address is no longer verified: no link goes to it.
    await runUserAction(h.db, scope, { userId: erik.id, action: "sendPasswordLink" }, adminCtx());
    const second = await messageTo(h.db, "erik@example.com");
    await failEverythingDue();
    await h.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, erik.id));
    expect(await resend(scope, second.id)).toEqual({ ok: false, reason: "emailNotVerified" });

    const code = await insertFailedMessage(h.db, {
      channel: "sms",
      recipient: "+358401234567",
      template: "ResetCodeSms",
      props: { language: "fi", organizationName: "Demo Oy", code: "[removed after sending]", expiresInMinutes: 10 },
      organizationId: scope.organizationId,
      userId: erik.id,
    });
    expect(await resend(scope, code.id)).toEqual({ ok: false, reason: "askForNewCode" });
    expect(await rawRow(code.id)).toMatchObject({ status: "failed", replacedBy: null });
  });

  it("a message without secrets is queued again as it was; the operator's --failed does each by its kind", async () => {
    await h.db.delete(outbox);
    const scope = await scope123();
    const maija = await userByEmail(h.db, "maija@example.com");
    const props = {
      language: "fi",
      organizationName: "Demo Oy",
      recipientName: "Maija",
      supportEmail: null,
      supportPhone: null,
      accounts: [{ identifier: "maija@123", organizationName: "Demo Oy" }],
      loginUrl: "https://tunnus.example/login",
    };
    const reminder = await insertFailedMessage(h.db, {
      recipient: "maija@example.com",
      template: "UsernameReminderEmail",
      props,
      attempts: 8,
      organizationId: scope.organizationId,
      userId: maija.id,
    });
    expect(await resend(scope, reminder.id)).toEqual({ ok: true, fresh: false });
    expect(await rawRow(reminder.id)).toMatchObject({ status: "pending", attempts: 0, props, replacedBy: null });

    const p = await invite();
    await h.db.update(outbox).set({ status: "failed" }).where(eq(outbox.id, reminder.id));
    await failEverythingDue();
    const code = await insertFailedMessage(h.db, {
      channel: "sms",
      recipient: "+358401234567",
      template: "ResetCodeSms",
      organizationId: scope.organizationId,
      userId: maija.id,
    });
    expect(await retryFailedMessages(h.db, { organizationId: scope.organizationId }, adminCtx())).toEqual({
      requeued: 1,
      fresh: 1,
      skipped: 1,
    });
    expect((await rawRow(reminder.id)).status).toBe("pending");
    expect((await rawRow(p.messageId)).replacedBy).not.toBeNull();
    expect((await rawRow(code.id)).status).toBe("failed");
    const latest = await firstOf(
      h.db.select().from(outbox).where(eq(outbox.recipient, p.email)).orderBy(desc(outbox.createdAt)).limit(1),
      "latest",
    );
    expect(latest.status).toBe("pending");
  });
});

describe("rows from before the seal", () => {
  it("migrateDatabase removes the clear links of messages that had already failed for good", async () => {
    const scope = await scope123();
    const legacy = {
      language: "fi",
      organizationName: "Demo Oy",
      recipientName: null,
      supportEmail: null,
      supportPhone: null,
      username: "vanha@123",
      activationUrl: "https://tunnus.example/activate/vanhavanhavanhavanhavanhavanhavanhavanhavanh",
      expiresInMinutes: 10080,
    };
    const failed = await insertFailedMessage(h.db, {
      recipient: "vanha@example.org",
      template: "ActivationEmail",
      props: legacy,
      organizationId: scope.organizationId,
    });
    await migrateDatabase(h.handle);
    expect(await rawText(failed.id)).not.toContain("vanhavanha");
    expect((await rawRow(failed.id)).props).toMatchObject({
      username: "vanha@123",
      activationUrl: "[removed after sending]",
    });
  });
});
