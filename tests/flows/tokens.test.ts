import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { oneTimeTokens } from "@/lib/db/schema";
import { checkLinkToken, consumeLinkToken, createLinkToken, issueCode, verifyCode } from "@/lib/tokens/tokens";
import { seededTestDb } from "../helpers/db";
import { testClock, userByEmail, firstOf } from "../helpers/fixtures";

const h = seededTestDb();
let userId: string;
beforeAll(async () => {
  userId = (await userByEmail(h.db, "uusi@example.com")).id;
});

describe("link tokens", () => {
  it("stores only a hash; checking does not spend; consuming works once", async () => {
    const clock = testClock();
    const { secret } = await createLinkToken(h.db, { userId, purpose: "activation", now: clock.now() });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await h.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.userId, userId));
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(await checkLinkToken(h.db, secret, "activation", clock.now())).toMatchObject({ ok: true, userId });
    expect(await checkLinkToken(h.db, secret, "activation", clock.now())).toMatchObject({ ok: true });
    expect(await consumeLinkToken(h.db, secret, "activation", clock.now())).toBe(userId);
    expect(await consumeLinkToken(h.db, secret, "activation", clock.now())).toBeNull();
    expect(await checkLinkToken(h.db, secret, "activation", clock.now())).toEqual({
      ok: false,
      reason: "used",
      userId,
    });
  });

  it("expires (injected clock), and belongs to one purpose", async () => {
    const clock = testClock();
    const { secret } = await createLinkToken(h.db, { userId, purpose: "reset_link", now: clock.now() });
    expect(await checkLinkToken(h.db, secret, "activation", clock.now())).toEqual({ ok: false, reason: "unknown" });
    expect(await consumeLinkToken(h.db, secret, "activation", clock.now())).toBeNull();
    clock.advance(60 * 60_000);
    expect(await checkLinkToken(h.db, secret, "reset_link", clock.now())).toEqual({
      ok: false,
      reason: "expired",
      userId,
    });
    expect(await consumeLinkToken(h.db, secret, "reset_link", clock.now())).toBeNull();
  });

  it("a new link voids the old one", async () => {
    const clock = testClock();
    const first = await createLinkToken(h.db, { userId, purpose: "activation", now: clock.now() });
    const second = await createLinkToken(h.db, { userId, purpose: "activation", now: clock.now() });
    expect(await checkLinkToken(h.db, first.secret, "activation", clock.now())).toMatchObject({
      ok: false,
      reason: "used",
    });
    expect(await checkLinkToken(h.db, second.secret, "activation", clock.now())).toMatchObject({ ok: true });
  });

  it("unknown and malformed secrets are unknown", async () => {
    for (const s of ["", "x", "a".repeat(43), "a".repeat(10_000), "'; DROP TABLE users; --"]) {
      expect(await checkLinkToken(h.db, s, "activation", new Date())).toEqual({ ok: false, reason: "unknown" });
      expect(await consumeLinkToken(h.db, s, "activation", new Date())).toBeNull();
    }
  });
});

describe("codes", () => {
  const target = "new@example.com";

  it("6 digits, stored as an HMAC, valid 10 minutes", async () => {
    const clock = testClock();
    const issued = await issueCode(h.db, { userId, purpose: "email_change", target, now: clock.now() });
    if (!issued.ok) throw new Error("unreachable");
    expect(issued.code).toMatch(/^\d{6}$/);
    const row = await firstOf(
      h.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.purpose, "email_change")),
      "the token",
    );
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.secretHash).not.toContain(issued.code);
    clock.advance(10 * 60_000);
    expect(
      await verifyCode(h.db, { userId, purpose: "email_change", target, code: issued.code, now: clock.now() }),
    ).toEqual({ ok: false, reason: "expired" });
  });

  it("dies after 5 wrong tries, even for the right code after", async () => {
    const clock = testClock(new Date("2026-11-23T10:00:00Z"));
    const issued = await issueCode(h.db, { userId, purpose: "email_change", target, now: clock.now() });
    if (!issued.ok) throw new Error("unreachable");
    const wrong = issued.code === "000000" ? "111111" : "000000";
    const results = [];
    for (let i = 0; i < 5; i++)
      results.push(
        (await verifyCode(h.db, { userId, purpose: "email_change", target, code: wrong, now: clock.now() })) as {
          reason: string;
        },
      );
    expect(results.map((r) => r.reason)).toEqual(["invalid", "invalid", "invalid", "invalid", "expired"]);
    expect(
      await verifyCode(h.db, { userId, purpose: "email_change", target, code: issued.code, now: clock.now() }),
    ).toEqual({ ok: false, reason: "expired" });
  });

  it("resend waits 60 s, and the new code voids the old", async () => {
    const clock = testClock(new Date("2026-11-24T10:00:00Z"));
    const first = await issueCode(h.db, { userId, purpose: "phone_change", target: "+358401111111", now: clock.now() });
    clock.advance(30_000);
    expect(
      await issueCode(h.db, { userId, purpose: "phone_change", target: "+358401111111", now: clock.now() }),
    ).toEqual({
      ok: false,
      reason: "cooldown",
      retryAfterSeconds: 30,
    });
    clock.advance(30_000);
    const second = await issueCode(h.db, {
      userId,
      purpose: "phone_change",
      target: "+358401111111",
      now: clock.now(),
    });
    if (!first.ok || !second.ok) throw new Error("unreachable");
    if (first.code !== second.code) {
      expect(
        await verifyCode(h.db, {
          userId,
          purpose: "phone_change",
          target: "+358401111111",
          code: first.code,
          now: clock.now(),
        }),
      ).toMatchObject({ ok: false });
    }
    expect(
      await verifyCode(h.db, {
        userId,
        purpose: "phone_change",
        target: "+358401111111",
        code: second.code,
        now: clock.now(),
      }),
    ).toEqual({ ok: true, target: "+358401111111" });
    // Used once, never again.
    expect(
      await verifyCode(h.db, {
        userId,
        purpose: "phone_change",
        target: "+358401111111",
        code: second.code,
        now: clock.now(),
      }),
    ).toEqual({ ok: false, reason: "expired" });
  });

  it("a code sent for one address does not confirm another, nor another purpose or user", async () => {
    const clock = testClock(new Date("2026-11-25T10:00:00Z"));
    const issued = await issueCode(h.db, {
      userId,
      purpose: "email_change",
      target: "a@example.com",
      now: clock.now(),
    });
    if (!issued.ok) throw new Error("unreachable");
    const maija = await userByEmail(h.db, "maija@example.com");
    expect(
      await verifyCode(h.db, {
        userId,
        purpose: "email_change",
        target: "b@example.com",
        code: issued.code,
        now: clock.now(),
      }),
    ).toEqual({ ok: false, reason: "invalid" });
    expect(
      await verifyCode(h.db, {
        userId,
        purpose: "reset_code",
        target: "a@example.com",
        code: issued.code,
        now: clock.now(),
      }),
    ).toEqual({ ok: false, reason: "expired" });
    expect(
      await verifyCode(h.db, {
        userId: maija.id,
        purpose: "email_change",
        target: "a@example.com",
        code: issued.code,
        now: clock.now(),
      }),
    ).toEqual({ ok: false, reason: "expired" });
    expect(
      await verifyCode(h.db, {
        userId,
        purpose: "email_change",
        target: "a@example.com",
        code: issued.code,
        now: clock.now(),
      }),
    ).toEqual({ ok: true, target: "a@example.com" });
  });
});
