import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/password/hash";
import { auditEvents, outbox, sessions, users } from "@/lib/db/schema";
import { DEMO_PASSWORD } from "@/lib/db/seed";
import { signInWithPassword } from "@/lib/flows/sign-in/login";
import { seededTestDb } from "../helpers/db";
import { loginContext, userByEmail, must } from "../helpers/fixtures";

/**
 * What the server action does: the flow answers after the same work for every refusal (the IP
 * limit, the lookup, one argon2 verify) and hands the bookkeeping (failure count, audit row,
 * notices) to `defer`, to run after the response. Nothing of it may be lost or miscounted.
 */
const h = seededTestDb();

let ip = 0;
function deferringContext(now = new Date()) {
  const deferred: (() => Promise<unknown>)[] = [];
  return {
    ctx: { ...loginContext(now, `192.0.2.${++ip}`), defer: (work: () => Promise<unknown>) => void deferred.push(work) },
    runDeferred: async () => {
      for (const work of deferred.splice(0)) await work();
    },
    pending: () => deferred.length,
  };
}
const auditRows = async () => (await h.db.select().from(auditEvents)).length;
const failures = async (email: string) => (await userByEmail(h.db, email)).failedLoginCount;

async function newMember(username: string) {
  const org = await h.organization("123");
  const email = `${username}@example.com`;
  await h.db.insert(users).values({
    organizationId: org.id,
    username,
    email,
    emailVerifiedAt: new Date(),
    passwordHash: await hashPassword(DEMO_PASSWORD),
    status: "active",
  });
  return email;
}

describe("a refused sign-in answers first and keeps its books after", () => {
  it("a wrong password and an unknown name answer alike, with nothing written yet; then everything is", async () => {
    const [audit, counted] = [await auditRows(), await failures("erik@example.com")];
    const known = deferringContext();
    const unknown = deferringContext();
    const a = await signInWithPassword(h.db, { identifier: "erik@123", password: "not the password 1" }, known.ctx);
    const b = await signInWithPassword(h.db, { identifier: "nobody@123", password: "not the password 1" }, unknown.ctx);
    expect(a).toEqual({ ok: false, reason: "invalid" });
    expect(b).toEqual(a);
    expect([known.pending(), unknown.pending()]).toEqual([1, 1]);
    expect(await auditRows()).toBe(audit);
    expect(await failures("erik@example.com")).toBe(counted);

    await known.runDeferred();
    await unknown.runDeferred();
    expect(await failures("erik@example.com")).toBe(counted + 1);
    expect(await auditRows()).toBe(audit + 2);
    const erik = await userByEmail(h.db, "erik@example.com");
    const [row] = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectUserId, erik.id), eq(auditEvents.event, "login.failed")));
    expect(row).toMatchObject({
      ip: known.ctx.ip,
      userAgent: "vitest",
      details: { reason: "wrongPassword", failures: counted + 1 },
    });
  });

  it("counts every wrong guess checked at once, starts the pause, and sends one notice", async () => {
    const email = await newMember("rinnakkain");
    const now = new Date();
    const guesses = Array.from({ length: 12 }, () => deferringContext(now));
    const answers = await Promise.all(
      guesses.map((g, i) => signInWithPassword(h.db, { identifier: "rinnakkain@123", password: `guess ${i}` }, g.ctx)),
    );
    for (const answer of answers) expect(answer).toEqual({ ok: false, reason: "invalid" });
    expect(await failures(email)).toBe(0);

    await Promise.all(guesses.map((g) => g.runDeferred()));
    const row = await userByEmail(h.db, email);
    expect(row.failedLoginCount).toBe(12);
    expect(must(row.loginBlockedUntil, "a pause").getTime() - now.getTime()).toBe(15 * 60_000);
    expect((await h.db.select().from(outbox).where(eq(outbox.recipient, email))).map((m) => m.template)).toEqual([
      "SignInPausedEmail",
    ]);
    // Within the pause even the right password is refused, unchecked and uncounted.
    const paused = deferringContext(now);
    expect(
      await signInWithPassword(h.db, { identifier: "rinnakkain@123", password: DEMO_PASSWORD }, paused.ctx),
    ).toEqual({ ok: false, reason: "invalid" });
    await paused.runDeferred();
    expect(await failures(email)).toBe(12);
  });

  it("the per-IP refusal is audited after its answer too", async () => {
    const address = "203.0.113.77";
    for (let i = 0; i < 30; i++)
      await signInWithPassword(
        h.db,
        { identifier: `nobody${i}@123`, password: "x" },
        loginContext(new Date(), address),
      );
    const limited = deferringContext();
    limited.ctx.ip = address;
    const before = await auditRows();
    expect(
      await signInWithPassword(h.db, { identifier: "erik@123", password: DEMO_PASSWORD }, limited.ctx),
    ).toMatchObject({ ok: false, reason: "rateLimited" });
    expect(await auditRows()).toBe(before);
    await limited.runDeferred();
    expect(
      (
        await h.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.ip, address), eq(auditEvents.event, "login.rate_limited")))
      ).length,
    ).toBe(1);
  });

  it("a successful sign-in defers nothing: its session is open when it answers", async () => {
    const s = deferringContext();
    const result = await signInWithPassword(h.db, { identifier: "erik@123", password: DEMO_PASSWORD }, s.ctx);
    expect(result).toMatchObject({ ok: true });
    expect(s.pending()).toBe(0);
    if (!result.ok) throw new Error("unreachable");
    expect(await h.db.select().from(sessions).where(eq(sessions.id, result.sessionId))).toHaveLength(1);
  });
});
