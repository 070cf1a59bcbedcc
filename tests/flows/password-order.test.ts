import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, users } from "@/lib/db/schema";
import { activateAccount, loadActivation } from "@/lib/flows/account/activation";
import { createUser } from "@/lib/flows/admin/users";
import { changeOwnPassword } from "@/lib/flows/account/change-password";
import { resetPasswordWithLink } from "@/lib/flows/password/reset-by-link";
import { BREACHED_PASSWORDS } from "../helpers/breach-stand-in";
import { seededTestDb } from "../helpers/db";
import { secretFromUrl, messageTo } from "../helpers/fixtures";
import { breachStandInForFile } from "../helpers/breach-stand-in-hooks";
import { activeMember, MEMBER_PASSWORD, queueResetLinkFor } from "../helpers/members";

/**
 * Where a new password is set, what proves the person (the link, the current password) and the
 * cheap checks come first; the strength estimate, the person's own words and the breach list
 * only after them. A 256-character pattern costs the old estimator seconds of CPU.
 */
const standIn = breachStandInForFile({ forTheApp: true });
const h = seededTestDb();

let n = 0;
const ctx = () => ({ now: new Date(), ip: `198.51.100.${++n}`, userAgent: "vitest" });
/** 256 characters the estimator calls guessable, after seconds of work before the fix. */
const HOSTILE = "1234567890".repeat(26).slice(0, 256);
const BREACHED = BREACHED_PASSWORDS[1];
const GOOD = "sininen hetki kesäyön järvellä";

describe("/account: the current password before the new one's rules", () => {
  const setUp = async () => {
    const m = await activeMember(h.db);
    const change = (current: string, password: string, repeat = password) =>
      changeOwnPassword(
        h.db,
        { user: m.user, organization: m.organization, sessionId: m.sessionId, current, password, repeat },
        ctx(),
      );
    const failedTries = async () =>
      (await h.db.select().from(auditEvents).where(eq(auditEvents.subjectUserId, m.user.id))).filter(
        (e) => e.event === "account.reauth_failed",
      ).length;
    return { m, change, failedTries };
  };

  it("a wrong current password is the answer, whatever the new password is", async () => {
    const { change } = await setUp();
    expect(await change("väärä salasana", HOSTILE)).toEqual({ ok: false, reason: "passwordWrong" });
    expect(await change("väärä salasana", BREACHED)).toEqual({ ok: false, reason: "passwordWrong" });
    expect(standIn.requests).toHaveLength(0);
  });

  it("the checks that need nothing come first and spend no try of the current password", async () => {
    const { change, failedTries } = await setUp();
    expect(await change("väärä salasana", "")).toMatchObject({
      ok: false,
      reason: "policy",
      problem: { code: "empty" },
    });
    expect(await change("väärä salasana", "lyhyt")).toMatchObject({
      ok: false,
      reason: "policy",
      problem: { code: "tooShort", min: 15 },
    });
    expect(await change("väärä salasana", "x".repeat(300))).toMatchObject({
      ok: false,
      reason: "policy",
      problem: { code: "tooLong" },
    });
    expect(await change("väärä salasana", GOOD, "")).toEqual({ ok: false, reason: "repeatEmpty" });
    expect(await change("väärä salasana", GOOD, `${GOOD}!`)).toEqual({ ok: false, reason: "mismatch" });
    expect(await failedTries()).toBe(0);
  });

  it("with the right current password: the estimate, the person's own words, the breach list", async () => {
    const { m, change } = await setUp();
    expect(await change(MEMBER_PASSWORD, HOSTILE)).toEqual({
      ok: false,
      reason: "policy",
      problem: { code: "common" },
    });
    expect(await change(MEMBER_PASSWORD, `Kesä ${m.user.username} järvellä`)).toEqual({
      ok: false,
      reason: "policy",
      problem: { code: "containsUsername" },
    });
    expect(await change(MEMBER_PASSWORD, "Demo Oy:n kesäpäivät järvellä")).toEqual({
      ok: false,
      reason: "policy",
      problem: { code: "containsOrganization" },
    });
    expect(await change(MEMBER_PASSWORD, BREACHED)).toEqual({
      ok: false,
      reason: "policy",
      problem: { code: "breached" },
    });
    expect(await change(MEMBER_PASSWORD, GOOD)).toEqual({ ok: true, sessionsEnded: 0 });
  });
});

describe("activation: the link, the shape and the repeat before the rules that cost", () => {
  const invite = async () => {
    const name = `kutsuttu${++n}`;
    const email = `${name}@example.com`;
    const created = await createUser(
      h.db,
      { licence: "123", identifier: name, displayName: `Kutsuttu ${n}`, email },
      { now: new Date(), actor: { userId: null }, appOrigin: "https://tunnus.example" },
    );
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const secret = secretFromUrl((await messageTo(h.db, email)).props.activationUrl);
    return {
      name,
      secret,
      attempt: (password: string, repeat = password) => activateAccount(h.db, { secret, password, repeat }, ctx()),
    };
  };

  it("a repeat that differs is the answer before the estimate", async () => {
    const p = await invite();
    expect(await p.attempt(HOSTILE, `${HOSTILE.slice(0, 255)}x`)).toEqual({
      ok: false,
      reason: "password",
      problem: { code: "mismatch" },
    });
    expect(await p.attempt("lyhyt", "toinen")).toEqual({
      ok: false,
      reason: "password",
      problem: { code: "tooShort", min: 15 },
    });
    expect(await activateAccount(h.db, { secret: "A".repeat(43), password: HOSTILE, repeat: HOSTILE }, ctx())).toEqual({
      ok: false,
      reason: "link",
    });
    expect(standIn.requests).toHaveLength(0);
  });

  it("refuses the person's own words and a breached password, and keeps the link for the next try", async () => {
    const p = await invite();
    expect(await p.attempt(`${p.name.toUpperCase()} kesäyön järvellä`)).toEqual({
      ok: false,
      reason: "password",
      problem: { code: "containsUsername" },
    });
    expect(await p.attempt(BREACHED)).toEqual({ ok: false, reason: "password", problem: { code: "breached" } });
    expect(await loadActivation(h.db, p.secret, new Date())).toMatchObject({ ok: true });
    expect(await p.attempt(GOOD)).toMatchObject({ ok: true });
  });
});

describe("the reset link: the link before the password's rules", () => {
  it("refuses the person's own words and a breached password, and keeps the link for the next try", async () => {
    const m = await activeMember(h.db);
    const secret = await queueResetLinkFor(h.db, m.user.id, { ...ctx(), appOrigin: "https://tunnus.example" });
    const reset = (password: string) => resetPasswordWithLink(h.db, { secret, password }, ctx());
    expect(await resetPasswordWithLink(h.db, { secret: "B".repeat(43), password: HOSTILE }, ctx())).toEqual({
      ok: false,
      reason: "link",
    });
    expect(await reset(`tunnus ${GOOD}`)).toEqual({
      ok: false,
      reason: "password",
      problem: { code: "containsServiceName" },
    });
    expect(await reset(`${m.email.split("@")[0]} ${GOOD}`)).toEqual({
      ok: false,
      reason: "password",
      problem: { code: "containsUsername" },
    });
    expect(await reset(BREACHED)).toEqual({ ok: false, reason: "password", problem: { code: "breached" } });
    expect(await reset(GOOD)).toMatchObject({ ok: true });
    const [user] = await h.db.select().from(users).where(eq(users.id, m.user.id));
    expect(user?.status).toBe("active");
  });
});
