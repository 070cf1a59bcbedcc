import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/password/hash";
import { auditEvents, outbox, users } from "@/lib/db/schema";
import { DEMO_PASSWORD } from "@/lib/db/seed";
import { loadUserForAdmin } from "@/lib/flows/admin/user-detail";
import { runUserAction } from "@/lib/flows/admin/user-actions";
import { MAX_CONSECUTIVE_FAILURES, signInWithPassword } from "@/lib/flows/sign-in/login";
import { resetPasswordWithLink } from "@/lib/flows/password/reset-by-link";
import { seededTestDb } from "../helpers/db";
import { loginContext, testClock, userByEmail, messageTo, must } from "../helpers/fixtures";
import { queueResetLinkFor } from "../helpers/members";

/**
 * The hard cap: after 100 consecutive failures an account answers every password with the one
 * generic failure until a completed reset or an administrator opens it. The member hears of it
 * by e-mail, at a verified address only: when the pause first starts, and when the cap is reached.
 */
const h = seededTestDb();

const clock = testClock(new Date(Date.now() - 40 * 86400_000));
let ip = 0;
const INVALID = { ok: false, reason: "invalid" };
// Each from its own address, so the per-IP limit stays out of it.
const attempt = (identifier: string, password: string) =>
  signInWithPassword(
    h.db,
    { identifier, password },
    loginContext(clock.now(), `198.18.${Math.floor(++ip / 250)}.${(ip % 250) + 1}`),
  );

/** Wrong passwords, each once the previous pause has passed: every one is checked and counted. */
async function failTimes(identifier: string, times: number) {
  for (let i = 0; i < times; i++) {
    expect(await attempt(identifier, `wrong password ${i}`)).toEqual(INVALID);
    clock.advance(16 * 60_000);
  }
}

const messagesTo = async (to: string, template: string) =>
  (
    await h.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.recipient, to), eq(outbox.template, template)))
  ).length;
const eventsOf = async (userId: string, event: string) =>
  h.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectUserId, userId), eq(auditEvents.event, event)));
const demoOyAdmin = () => h.adminScope("admin@example.com", { ip: "192.0.2.1", userAgent: "vitest" });

describe("the cap on consecutive failed sign-ins", () => {
  it("is 100", () => {
    expect(MAX_CONSECUTIVE_FAILURES).toBe(100);
  });

  it("the 100th failure locks sign-in: the right password gets the generic answer however long one waits, and nothing more counts", async () => {
    const maija = await userByEmail(h.db, "maija@example.com");
    await failTimes("maija@123", 99);
    expect((await userByEmail(h.db, "maija@example.com")).failedLoginCount).toBe(99);
    expect(await messagesTo("maija@example.com", "SignInLockedEmail")).toBe(0);

    await failTimes("maija@123", 1);
    clock.advance(7 * 86400_000);
    expect(await attempt("maija@123", DEMO_PASSWORD)).toEqual(INVALID);
    expect(await attempt("maija@123", "wrong password again")).toEqual(INVALID);
    expect((await userByEmail(h.db, "maija@example.com")).failedLoginCount).toBe(100);

    // One notice when the pause first started, one when the cap was reached: never more.
    expect(await messagesTo("maija@example.com", "SignInPausedEmail")).toBe(1);
    expect(await messagesTo("maija@example.com", "SignInLockedEmail")).toBe(1);
    const locked = await messageTo(h.db, "maija@example.com");
    expect(locked).toMatchObject({
      template: "SignInLockedEmail",
      language: "fi",
      props: {
        username: "maija@123",
        failures: 100,
        forgotPasswordUrl: "https://tunnus.example/forgot-password",
        orderPasswordUrl: "https://tunnus.example/order-password",
      },
    });
    expect(JSON.stringify(locked.props)).not.toMatch(/wrong password|demo-salasana/);

    expect((await eventsOf(maija.id, "login.delay_started")).map((e) => e.details)).toEqual([
      { failures: 5, notice: true },
    ]);
    expect((await eventsOf(maija.id, "login.locked_after_failures")).map((e) => e.details)).toEqual([
      { failures: 100, notice: true },
    ]);
    const reasons = (await eventsOf(maija.id, "login.failed")).map((e) => e.details?.reason);
    expect(reasons.filter((r) => r === "wrongPassword")).toHaveLength(100);
    expect(reasons.filter((r) => r === "tooManyFailures")).toHaveLength(2);
  });

  it("a completed reset opens it", async () => {
    const ctx = { now: new Date(), ip: "192.0.2.50", userAgent: "vitest", appOrigin: "https://tunnus.example" };
    const secret = await queueResetLinkFor(h.db, (await userByEmail(h.db, "maija@example.com")).id, ctx);
    expect(await resetPasswordWithLink(h.db, { secret, password: "lumiukko sulaa keväällä aina" }, ctx)).toMatchObject({
      ok: true,
    });
    clock.advance(60_000);
    expect(await attempt("maija@123", "lumiukko sulaa keväällä aina")).toMatchObject({ ok: true });
  });

  it("an administrator's unlock opens it; the user's page says why it was locked", async () => {
    const erik = await userByEmail(h.db, "erik@example.com");
    await h.db.update(users).set({ failedLoginCount: 99 }).where(eq(users.id, erik.id));
    await failTimes("erik@123", 1);
    expect(await attempt("erik@123", DEMO_PASSWORD)).toEqual(INVALID);
    expect(await messagesTo("erik@example.com", "SignInLockedEmail")).toBe(1);

    const scope = await demoOyAdmin();
    const detail = await loadUserForAdmin(h.db, scope, erik.id, clock.now());
    expect(detail).toMatchObject({ signInLockedAfterFailures: true });
    expect(detail?.actions).toContain("unlock");
    expect(
      await runUserAction(
        h.db,
        scope,
        { userId: erik.id, action: "unlock" },
        { now: clock.now(), appOrigin: "https://tunnus.example" },
      ),
    ).toEqual({ ok: true });
    expect((await loadUserForAdmin(h.db, scope, erik.id, clock.now()))?.signInLockedAfterFailures).toBe(false);
    expect(await attempt("erik@123", DEMO_PASSWORD)).toMatchObject({ ok: true, userId: erik.id });
  });

  it("sends no notice to an address that is not verified, nor to an account without one; the events are audited all the same", async () => {
    const org = await h.organization("123");
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const [unverified, none] = await h.db
      .insert(users)
      .values([
        {
          organizationId: org.id,
          username: "vahvistamaton",
          email: "vahvistamaton@example.com",
          passwordHash,
          status: "active",
        },
        { organizationId: org.id, username: "osoitteeton", passwordHash, status: "active" },
      ])
      .returning();
    for (const user of [must(unverified, "unverified"), must(none, "none")]) {
      await failTimes(`${user.username}@123`, 5);
      await h.db.update(users).set({ failedLoginCount: 99 }).where(eq(users.id, user.id));
      await failTimes(`${user.username}@123`, 1);
      expect(await attempt(`${user.username}@123`, DEMO_PASSWORD)).toEqual(INVALID);
      expect((await eventsOf(user.id, "login.delay_started")).map((e) => e.details)).toEqual([
        { failures: 5, notice: false },
      ]);
      expect((await eventsOf(user.id, "login.locked_after_failures")).map((e) => e.details)).toEqual([
        { failures: 100, notice: false },
      ]);
    }
    expect(await h.db.select().from(outbox).where(eq(outbox.recipient, "vahvistamaton@example.com"))).toEqual([]);
    expect(
      await h.db
        .select()
        .from(outbox)
        .where(eq(outbox.userId, must(none, "none").id)),
    ).toEqual([]);
  });
});
