import { describe, expect, it } from "vitest";
import { rateLimits } from "@/lib/db/schema";
import { isCronAuthorized, runOutboxJob } from "@/lib/jobs/cron";
import { listMailbox } from "@/lib/messages/mailbox";
import { deliverDue, enqueue } from "@/lib/messages/outbox";
import { captureTransports } from "@/lib/messages/transports/capture";
import { emptyTestDb } from "../helpers/db";
import { firstOf, must } from "../helpers/fixtures";
import { activationMessage, codeSms } from "../helpers/messages";

const h = emptyTestDb();

describe("the cron job", () => {
  it("sends what is due and sweeps expired rate-limit counters", async () => {
    const now = new Date();
    await enqueue(h.db, activationMessage("maija@example.com"));
    await enqueue(h.db, codeSms("+358401234567"));
    await h.db.insert(rateLimits).values([
      { key: "loginPerIp:old", points: 3, expire: new Date(now.getTime() - 1000) },
      { key: "loginPerIp:live", points: 3, expire: new Date(now.getTime() + 60_000) },
    ]);
    const report = await runOutboxJob(h.db, captureTransports(h.db), { budgetMs: 5000 });
    expect(report).toEqual({
      sent: 2,
      retried: 0,
      failed: 0,
      sweptRateLimits: 1,
      sweptImports: { cleared: 0, deleted: 0 },
      sweptOidcModels: 0,
    });
    expect((await h.db.select().from(rateLimits)).map((r) => r.key)).toEqual(["loginPerIp:live"]);
  });

  it("is refused without the right bearer secret", () => {
    const secret = "s3cret-s3cret-s3cret";
    expect(isCronAuthorized(`Bearer ${secret}`, secret)).toBe(true);
    expect(isCronAuthorized(`Bearer ${secret}x`, secret)).toBe(false);
    expect(isCronAuthorized(secret, secret)).toBe(false);
    expect(isCronAuthorized(null, secret)).toBe(false);
    expect(isCronAuthorized("Bearer ", "")).toBe(false);
    expect(isCronAuthorized(`Bearer ${secret}`, undefined)).toBe(false);
  });
});

describe("the dev mailbox listing", () => {
  it("shows every message newest first, rendered once captured", async () => {
    const pendingId = await enqueue(h.db, codeSms("+358409999999", "111222"), new Date(Date.now() + 1000));
    const list = await listMailbox(h.db);
    expect(list[0]).toMatchObject({
      id: pendingId,
      channel: "sms",
      status: "pending",
      text: null,
      template: "VerificationCodeSms",
    });
    await deliverDue(h.db, { transports: captureTransports(h.db), now: () => new Date(Date.now() + 2000) });
    const first = await firstOf(listMailbox(h.db), "a captured message");
    expect(first).toMatchObject({ id: pendingId, status: "sent", to: "+358409999999" });
    expect(first.text).toContain("111222");
    const email = must(
      (await listMailbox(h.db)).find((m) => m.channel === "email"),
      "the captured e-mail",
    );
    expect(email.subject).toBe("Aktivoi käyttäjätilisi – Demo Oy");
    expect(email.html).toContain("<html");
    expect(Object.keys(email).sort()).toEqual([
      "channel",
      "createdAt",
      "html",
      "id",
      "status",
      "subject",
      "template",
      "text",
      "to",
    ]);
  });
});
