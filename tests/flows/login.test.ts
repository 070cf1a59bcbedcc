import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions, users } from "@/lib/db/schema";
import { DEMO_PASSWORD } from "@/lib/db/seed";
import { loginDelaySeconds, signInWithPassword } from "@/lib/flows/sign-in/login";
import { seededTestDb } from "../helpers/db";
import { auditFor, loginContext, testClock, userByEmail, firstOf, must } from "../helpers/fixtures";

const h = seededTestDb();

describe("signInWithPassword", () => {
  it("signs in maija@123 case-insensitively and opens a session row", async () => {
    const now = new Date();
    const result = await signInWithPassword(
      h.db,
      { identifier: "  MAIJA@123 ", password: DEMO_PASSWORD },
      loginContext(now, "198.51.100.1"),
    );
    expect(result).toMatchObject({ ok: true, language: "fi" });
    if (!result.ok) throw new Error("unreachable");
    const row = await firstOf(h.db.select().from(sessions).where(eq(sessions.id, result.sessionId)), "the session");
    expect(row).toMatchObject({ userId: result.userId, ip: "198.51.100.1", userAgent: "vitest", revokedAt: null });
    expect(row.expiresAt.getTime() - now.getTime()).toBe(12 * 3600_000);
    const audit = await auditFor(h.db, "login.succeeded");
    expect(audit.some((a) => a.subjectUserId === result.userId)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(DEMO_PASSWORD);
  });

  it("signs a bare membership number in to the default organisation, and with its licence", async () => {
    const jasen = await userByEmail(h.db, "jasen@example.com");
    for (const identifier of ["10001", "10001@200"]) {
      const r = await signInWithPassword(
        h.db,
        { identifier, password: DEMO_PASSWORD },
        loginContext(new Date(), "198.51.100.2"),
      );
      expect(r).toMatchObject({ ok: true, userId: jasen.id });
    }
    // maija's organisation is not the default: a bare "maija" is nobody.
    const bare = await signInWithPassword(
      h.db,
      { identifier: "maija", password: DEMO_PASSWORD },
      loginContext(new Date(), "198.51.100.2"),
    );
    expect(bare).toEqual({ ok: false, reason: "invalid" });
  });

  it("answers unknown user, wrong password, locked and disabled with one generic error", async () => {
    const erik = await userByEmail(h.db, "erik@example.com");
    const ctx = loginContext(new Date(), "198.51.100.3");
    const unknown = await signInWithPassword(h.db, { identifier: "nobody@123", password: DEMO_PASSWORD }, ctx);
    const wrong = await signInWithPassword(h.db, { identifier: "erik@123", password: "wrong-password-here" }, ctx);
    await h.db.update(users).set({ status: "locked" }).where(eq(users.id, erik.id));
    const locked = await signInWithPassword(h.db, { identifier: "erik@123", password: DEMO_PASSWORD }, ctx);
    await h.db.update(users).set({ status: "disabled" }).where(eq(users.id, erik.id));
    const disabled = await signInWithPassword(h.db, { identifier: "erik@123", password: DEMO_PASSWORD }, ctx);
    const invited = await signInWithPassword(h.db, { identifier: "uusi@123", password: DEMO_PASSWORD }, ctx);
    for (const r of [unknown, wrong, locked, disabled, invited]) expect(r).toEqual({ ok: false, reason: "invalid" });
    await h.db.update(users).set({ status: "active", failedLoginCount: 0 }).where(eq(users.id, erik.id));

    const reasons = (await auditFor(h.db, "login.failed")).map((a) => a.details?.reason);
    expect(reasons).toEqual(expect.arrayContaining(["unknown", "wrongPassword", "notActive"]));
  });

  it("refuses hostile and overlong input without an error", async () => {
    const ctx = loginContext(new Date(), "198.51.100.4");
    for (const identifier of ["", "a".repeat(10_000), "' OR 1=1 --@123", "<b>x</b>@123", "maija\u0000@123"]) {
      expect(await signInWithPassword(h.db, { identifier, password: "x".repeat(10_000) }, ctx)).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
  });

  it("delays an account progressively after 5 failures; attempts in the delay do not count", async () => {
    const clock = testClock();
    const maija = await userByEmail(h.db, "maija@example.com");
    const attempt = (password: string) =>
      signInWithPassword(
        h.db,
        { identifier: "maija@123", password },
        loginContext(clock.now(), `192.0.2.${Math.floor(Math.random() * 250)}`),
      );

    for (let i = 0; i < 4; i++) expect(await attempt("wrong-password-1")).toEqual({ ok: false, reason: "invalid" });
    let row = await userByEmail(h.db, "maija@example.com");
    expect(row.failedLoginCount).toBe(4);
    expect(row.loginBlockedUntil).toBeNull();

    await attempt("wrong-password-1"); // 5th failure starts a 30 s delay
    row = await userByEmail(h.db, "maija@example.com");
    expect(row.failedLoginCount).toBe(5);
    expect(must(row.loginBlockedUntil, "a pause").getTime() - clock.now().getTime()).toBe(30_000);

    clock.advance(10_000);
    expect(await attempt(DEMO_PASSWORD)).toEqual({ ok: false, reason: "invalid" }); // right password, still delayed
    await attempt("wrong-password-1");
    expect((await userByEmail(h.db, "maija@example.com")).failedLoginCount).toBe(5); // did not count

    clock.advance(21_000);
    await attempt("wrong-password-1"); // 6th failure: 60 s
    row = await userByEmail(h.db, "maija@example.com");
    expect(row.failedLoginCount).toBe(6);
    expect(must(row.loginBlockedUntil, "a pause").getTime() - clock.now().getTime()).toBe(60_000);

    clock.advance(61_000);
    expect(await attempt(DEMO_PASSWORD)).toMatchObject({ ok: true, userId: maija.id });
    row = await userByEmail(h.db, "maija@example.com");
    expect(row.failedLoginCount).toBe(0);
    expect(row.loginBlockedUntil).toBeNull();
  });

  it("caps the delay at 15 minutes", () => {
    expect([4, 5, 6, 7, 9, 10, 50].map(loginDelaySeconds)).toEqual([0, 30, 60, 120, 480, 900, 900]);
  });

  it("limits attempts per IP whatever the account, with a retry time", async () => {
    const ip = "203.0.113.99";
    for (let i = 0; i < 30; i++) {
      const r = await signInWithPassword(
        h.db,
        { identifier: `nobody${i}@123`, password: "x" },
        loginContext(new Date(), ip),
      );
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    const limited = await signInWithPassword(
      h.db,
      { identifier: "erik@123", password: DEMO_PASSWORD },
      loginContext(new Date(), ip),
    );
    expect(limited).toMatchObject({ ok: false, reason: "rateLimited" });
    if (limited.ok || limited.reason !== "rateLimited") throw new Error("unreachable");
    expect(limited.retryAfterSeconds).toBeGreaterThan(800);
    // Another address is not affected.
    expect(
      await signInWithPassword(
        h.db,
        { identifier: "erik@123", password: DEMO_PASSWORD },
        loginContext(new Date(), "203.0.113.100"),
      ),
    ).toMatchObject({ ok: true });
  });

  it("rehashes a stored hash made with weaker parameters on sign-in", async () => {
    const { hash } = await import("@node-rs/argon2");
    const weak = await hash(DEMO_PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    const erik = await userByEmail(h.db, "erik@example.com");
    await h.db.update(users).set({ passwordHash: weak }).where(eq(users.id, erik.id));
    expect(
      await signInWithPassword(
        h.db,
        { identifier: "erik@123", password: DEMO_PASSWORD },
        loginContext(new Date(), "198.51.100.8"),
      ),
    ).toMatchObject({ ok: true });
    const after = await userByEmail(h.db, "erik@example.com");
    expect(after.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(after.passwordHash).not.toBe(weak);
  });
});
