import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { capturedMessages, outbox } from "@/lib/db/schema";
import { deliverDue, enqueue, retryDelayMs } from "@/lib/messages/outbox";
import { captureTransports } from "@/lib/messages/transports/capture";
import { emptyTestDb } from "../helpers/db";
import { firstOf, must, testClock } from "../helpers/fixtures";
import { activationMessage, codeSms, recordingTransports } from "../helpers/messages";

const h = emptyTestDb();
beforeEach(async () => {
  await h.db.delete(outbox);
});

describe("the outbox", () => {
  it("retries a failing transport with backoff and delivers exactly once", async () => {
    const clock = testClock();
    const id = await enqueue(h.db, activationMessage("maija@example.com"), clock.now());
    const t = recordingTransports({ failFirst: 2 });
    const run = () => deliverDue(h.db, { transports: t.transports, now: clock.now });

    expect(await run()).toEqual({ sent: 0, retried: 1, failed: 0 });
    let [row] = await h.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row?.lastError).toContain("ECONNREFUSED");
    expect(must(row, "the message").nextAttemptAt.getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(24_000);

    expect(await run()).toEqual({ sent: 0, retried: 0, failed: 0 }); // not due yet
    clock.advance(40_000);
    expect(await run()).toEqual({ sent: 0, retried: 1, failed: 0 });
    clock.advance(80_000);
    expect(await run()).toEqual({ sent: 1, retried: 0, failed: 0 });
    clock.advance(3600_000);
    expect(await run()).toEqual({ sent: 0, retried: 0, failed: 0 });

    expect(t.sent).toHaveLength(1);
    expect(t.calls()).toBe(3);
    [row] = await h.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row).toMatchObject({ status: "sent", attempts: 3, lastError: null, providerMessageId: `test-${id}` });
  });

  it("gives up after the last attempt and keeps the row as failed with its error", async () => {
    const clock = testClock();
    const id = await enqueue(h.db, codeSms("+358401234567"), clock.now());
    const t = recordingTransports({ failFirst: 100 });
    for (let i = 0; i < 3; i++) {
      await deliverDue(h.db, { transports: t.transports, now: clock.now, maxAttempts: 3 });
      clock.advance(2 * 3600_000);
    }
    const row = await firstOf(h.db.select().from(outbox).where(eq(outbox.id, id)), "the message");
    expect(row).toMatchObject({ status: "failed", attempts: 3 });
    expect(row.lastError).toContain("ECONNREFUSED");
    expect(t.sent).toHaveLength(0);
  });

  it("two workers at once over 200 messages deliver each exactly once", async () => {
    for (let i = 0; i < 200; i++) await enqueue(h.db, activationMessage(`user${i}@example.com`, i));
    const t = recordingTransports({ delayMs: 1 });
    const worker = async () => {
      for (;;) {
        const r = await deliverDue(h.db, { transports: t.transports, batchSize: 7 });
        if (r.sent + r.retried + r.failed === 0) return;
      }
    };
    await Promise.all([worker(), worker()]);
    const ids = t.sent.map((s) => s.outboxId);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    const rows = await h.db.select().from(outbox);
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("delivers a row whose worker died, once its lease has passed", async () => {
    const clock = testClock();
    const id = await enqueue(h.db, activationMessage("erik@example.com"), clock.now());
    const dead = recordingTransports({ hang: true });
    void deliverDue(h.db, { transports: dead.transports, now: clock.now, leaseMs: 60_000 }); // never finishes
    await expect
      .poll(async () => (await h.db.select().from(outbox).where(eq(outbox.id, id)))[0]?.status)
      .toBe("sending");

    const alive = recordingTransports();
    clock.advance(30_000);
    // lease holds
    expect(await deliverDue(h.db, { transports: alive.transports, now: clock.now })).toMatchObject({ sent: 0 });
    clock.advance(31_000);
    expect(await deliverDue(h.db, { transports: alive.transports, now: clock.now })).toMatchObject({ sent: 1 });
    expect(alive.sent.map((s) => s.outboxId)).toEqual([id]);
    const [row] = await h.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("scrubs links and codes from delivered rows; the capture keeps the rendered message", async () => {
    const emailId = await enqueue(h.db, activationMessage("maija@example.com", 7));
    const smsId = await enqueue(h.db, codeSms("+358401234567", "918273"));
    await deliverDue(h.db, { transports: captureTransports(h.db) });
    const rows = await h.db.select().from(outbox);
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent"]);
    expect(JSON.stringify(rows.map((r) => r.props))).not.toMatch(/secret-token-7|918273/);
    expect(rows.find((r) => r.id === emailId)?.props).toMatchObject({
      username: "user7@123",
      activationUrl: "[removed after sending]",
    });
    const captured = await h.db.select().from(capturedMessages);
    expect(captured.find((c) => c.outboxId === emailId)?.text).toContain(
      "https://tunnus.example/activate/secret-token-7",
    );
    expect(captured.find((c) => c.outboxId === smsId)?.text).toContain("918273");
  });

  it("never sends a message whose transaction rolled back", async () => {
    await expect(
      h.db.transaction(async (tx) => {
        await enqueue(tx, activationMessage("ghost@example.com"));
        throw new Error("the flow failed after queueing");
      }),
    ).rejects.toThrow("the flow failed");
    const t = recordingTransports();
    expect(await deliverDue(h.db, { transports: t.transports })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await h.db.select().from(outbox)).toEqual([]);
  });

  it("backs off 30 s, doubling, capped at an hour, with jitter", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 8, 12].map((n) => retryDelayMs(n, mid))).toEqual([
      30_000, 60_000, 120_000, 240_000, 3600_000, 3600_000,
    ]);
    expect(retryDelayMs(1, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, () => 1)).toBe(36_000);
  });
});
