import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createSession, validateSession } from "@/lib/session/sessions";
import { auditEvents, outbox, users } from "@/lib/db/schema";
import { removeOwnPhone, requestOwnContactCode } from "@/lib/flows/account/contact";
import { confirmContactCode } from "@/lib/flows/account/contact-verification";
import { signInWithPassword } from "@/lib/flows/sign-in/login";
import { changeOwnPassword } from "@/lib/flows/account/change-password";
import { requestResetCode, resetPasswordWithCode } from "@/lib/flows/password/reset-by-code";
import { seededTestDb } from "../helpers/db";
import { latestOutboxTo, loginContext, sessionTimes, codeSentTo, messageTo } from "../helpers/fixtures";
import { activeMember, IPHONE, MEMBER_PASSWORD as PASSWORD, userById } from "../helpers/members";
import { chooseLanguage } from "@/lib/flows/account/language";

const h = seededTestDb();

let n = 0;
const ctx = (now = new Date()) => ({ now, ip: `192.0.2.${++n}`, userAgent: "vitest" });
const member = (minutesAgo = 1, opts: { phone?: string; method?: string } = {}) =>
  activeMember(h.db, { minutesAgo, ...opts });
const fresh = (id: string) => userById(h.db, id);

describe("changing the e-mail address and the phone number", () => {
  it("a code goes to the new address; only the verified one is saved; the old address is told", async () => {
    const m = await member();
    const asked = await requestOwnContactCode(
      h.db,
      { user: m.user, sessionId: m.sessionId, channel: "email", value: "Uusi.Osoite@Example.org", password: "" },
      ctx(),
    );
    expect(asked).toEqual({ ok: true, target: "uusi.osoite@example.org" });
    expect((await fresh(m.user.id)).email).toBe(m.email); // not yet
    const code = await codeSentTo(h.db, "uusi.osoite@example.org");
    expect(
      await confirmContactCode(h.db, { user: m.user, channel: "email", code, notifyOldAddress: true }, ctx()),
    ).toEqual({ ok: true, target: "uusi.osoite@example.org" });
    expect(await fresh(m.user.id)).toMatchObject({ email: "uusi.osoite@example.org" });
    expect((await fresh(m.user.id)).emailVerifiedAt).not.toBeNull();
    const notice = await latestOutboxTo(h.db, m.email);
    expect(notice).toMatchObject({
      template: "EmailChangedEmail",
      props: { username: m.identifier, newAddressHint: "u•••@example.org" },
    });
  });

  it("a phone number with an SMS code, and removing it", async () => {
    const m = await member();
    expect(
      await requestOwnContactCode(
        h.db,
        { user: m.user, sessionId: m.sessionId, channel: "phone", value: "040 765 4321", password: "" },
        ctx(),
      ),
    ).toEqual({ ok: true, target: "+358407654321" });
    const sms = await messageTo(h.db, "+358407654321");
    expect(sms).toMatchObject({ channel: "sms", template: "VerificationCodeSms" });
    expect(
      await confirmContactCode(
        h.db,
        { user: m.user, channel: "phone", code: "000000" === sms.props.code ? "111111" : "000000" },
        ctx(),
      ),
    ).toEqual({ ok: false, reason: "invalid" });
    expect(
      await confirmContactCode(h.db, { user: m.user, channel: "phone", code: String(sms.props.code) }, ctx()),
    ).toMatchObject({ ok: true });
    expect(await fresh(m.user.id)).toMatchObject({ phone: "+358407654321" });
    const withPhone = await fresh(m.user.id);
    expect(await removeOwnPhone(h.db, { user: withPhone, sessionId: m.sessionId, password: "" }, ctx())).toEqual({
      ok: true,
    });
    expect(await fresh(m.user.id)).toMatchObject({ phone: null, phoneVerifiedAt: null });
    expect(
      await removeOwnPhone(h.db, { user: await fresh(m.user.id), sessionId: m.sessionId, password: "" }, ctx()),
    ).toEqual({ ok: false, reason: "noPhone" });
  });

  it("changes an existing phone number: the new one is saved only with its code, the old one stays until then", async () => {
    const m = await member(1, { phone: "+358401110001" });
    expect(
      await requestOwnContactCode(
        h.db,
        { user: m.user, sessionId: m.sessionId, channel: "phone", value: "040 111 0001", password: "" },
        ctx(),
      ),
    ).toEqual({ ok: false, reason: "same" });
    expect(
      await requestOwnContactCode(
        h.db,
        { user: m.user, sessionId: m.sessionId, channel: "phone", value: "050 222 0002", password: "" },
        ctx(),
      ),
    ).toEqual({ ok: true, target: "+358502220002" });
    expect(await fresh(m.user.id)).toMatchObject({ phone: "+358401110001" });
    const sms = await messageTo(h.db, "+358502220002");
    expect(
      await confirmContactCode(h.db, { user: m.user, channel: "phone", code: String(sms.props.code) }, ctx()),
    ).toEqual({ ok: true, target: "+358502220002" });
    const after = await fresh(m.user.id);
    expect(after).toMatchObject({ phone: "+358502220002" });
    expect(after.phoneVerifiedAt).not.toBeNull();
  });
});

describe("the recent sign-in rule", () => {
  it("after 10 minutes a change needs the current password; wrong ones are limited; hostile input changes nothing", async () => {
    const m = await member(11);
    const ask = (password: string, value = "toinen@example.org") =>
      requestOwnContactCode(h.db, { user: m.user, sessionId: m.sessionId, channel: "email", value, password }, ctx());
    expect(await ask("")).toEqual({ ok: false, reason: "passwordRequired" });
    expect(await ask("väärä salasana")).toEqual({ ok: false, reason: "passwordWrong" });
    expect(await ask("x".repeat(10_000))).toEqual({ ok: false, reason: "passwordWrong" });
    expect(await ask(PASSWORD, "<script>@x")).toEqual({ ok: false, reason: "invalid" });
    expect(await ask(PASSWORD)).toEqual({ ok: true, target: "toinen@example.org" });
    expect(await removeOwnPhone(h.db, { user: m.user, sessionId: m.sessionId, password: "" }, ctx())).toEqual({
      ok: false,
      reason: "passwordRequired",
    });
    // Five wrong in a row: then even the right one waits.
    for (let i = 0; i < 5; i++) await ask(`väärin ${i}`);
    expect(await ask(PASSWORD)).toEqual({ ok: false, reason: "rateLimited" });
    const failures = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectUserId, m.user.id), eq(auditEvents.event, "account.reauth_failed")));
    expect(failures.length).toBeGreaterThanOrEqual(6);
  });
  it("after 10 minutes a change of an existing phone number needs the current password", async () => {
    const m = await member(11, { phone: "+358401110003" });
    const ask = (password: string) =>
      requestOwnContactCode(
        h.db,
        { user: m.user, sessionId: m.sessionId, channel: "phone", value: "050 222 0004", password },
        ctx(),
      );
    expect(await ask("")).toEqual({ ok: false, reason: "passwordRequired" });
    expect(await latestOutboxTo(h.db, "+358502220004")).toBeUndefined();
    expect(await ask("väärä salasana")).toEqual({ ok: false, reason: "passwordWrong" });
    expect(await ask(PASSWORD)).toEqual({ ok: true, target: "+358502220004" });
    expect(await fresh(m.user.id)).toMatchObject({ phone: "+358401110003" });
  });

  it("a sign-in through an outside account, however recent, is not one: the password is asked", async () => {
    const m = await member(1, { method: "oidc" });
    const ask = (password: string) =>
      requestOwnContactCode(
        h.db,
        { user: m.user, sessionId: m.sessionId, channel: "email", value: "kaappaaja@example.org", password },
        ctx(),
      );
    expect(await ask("")).toEqual({ ok: false, reason: "passwordRequired" });
    expect(await removeOwnPhone(h.db, { user: m.user, sessionId: m.sessionId, password: "" }, ctx())).toEqual({
      ok: false,
      reason: "passwordRequired",
    });
    expect(await ask(PASSWORD)).toEqual({ ok: true, target: "kaappaaja@example.org" });
  });
});

describe("changing the password", () => {
  it("needs the current one and the policy; ends the other sessions, keeps this one, sends the notice", async () => {
    const m = await member(1);
    const other = await createSession(h.db, {
      userId: m.user.id,
      now: new Date(),
      times: sessionTimes,
      userAgent: IPHONE,
      ip: "198.51.100.9",
    });
    const change = (current: string, password: string, repeat = password) =>
      changeOwnPassword(
        h.db,
        { user: m.user, organization: m.organization, sessionId: m.sessionId, current, password, repeat },
        ctx(),
      );
    const NEW = "kesäyön hiljainen järvenselkä";
    expect(await change("", NEW)).toEqual({ ok: false, reason: "passwordRequired" });
    expect(await change(PASSWORD, "lyhyt")).toMatchObject({
      ok: false,
      reason: "policy",
      problem: { code: "tooShort" },
    });
    // Containing the username: refused with that reason, whatever the rest.
    expect(await change(PASSWORD, `${m.user.username}12345!`)).toEqual({
      ok: false,
      reason: "policy",
      problem: { code: "containsUsername" },
    });
    expect(await change(PASSWORD, `Jaana Jäsen ${m.user.username}`)).toEqual({
      ok: false,
      reason: "policy",
      problem: { code: "containsUsername" },
    });
    // Built from the name.
    expect(await change(PASSWORD, "JaanaJäsen2026!")).toEqual({
      ok: false,
      reason: "policy",
      problem: { code: "personal" },
    });
    expect(await change(PASSWORD, NEW, `${NEW}!`)).toEqual({ ok: false, reason: "mismatch" });
    expect(await change("väärä salasana", NEW)).toEqual({ ok: false, reason: "passwordWrong" });
    // A pending e-mail change (an intruder's, perhaps) dies with the old password.
    await requestOwnContactCode(
      h.db,
      { user: m.user, sessionId: m.sessionId, channel: "email", value: "kesken@example.org", password: "" },
      ctx(),
    );
    const pending = await codeSentTo(h.db, "kesken@example.org");
    expect(await change(PASSWORD, NEW)).toEqual({ ok: true, sessionsEnded: 1 });
    expect(await confirmContactCode(h.db, { user: m.user, channel: "email", code: pending }, ctx())).toMatchObject({
      ok: false,
    });
    expect((await fresh(m.user.id)).email).toBe(m.email);
    expect(await validateSession(h.db, other, new Date(), sessionTimes)).toBeNull();
    expect(await validateSession(h.db, m.sessionId, new Date(), sessionTimes)).not.toBeNull();
    expect(await latestOutboxTo(h.db, m.email)).toMatchObject({ template: "PasswordChangedEmail" });
    expect(
      await signInWithPassword(
        h.db,
        { identifier: m.identifier, password: NEW },
        loginContext(new Date(), "198.51.100.77"),
      ),
    ).toMatchObject({ ok: true });
    expect(
      await signInWithPassword(
        h.db,
        { identifier: m.identifier, password: PASSWORD },
        loginContext(new Date(), "198.51.100.78"),
      ),
    ).toMatchObject({ ok: false });
  });
});

describe("a contact change and the recovery on its way", () => {
  it("a reset code sent to the old address stops working when the e-mail changes", async () => {
    const m = await member();
    await requestResetCode(h.db, { identifier: m.identifier, channel: "email" }, ctx());
    const resetCode = await codeSentTo(h.db, m.email);
    await requestOwnContactCode(
      h.db,
      { user: m.user, sessionId: m.sessionId, channel: "email", value: "muutettu@example.org", password: "" },
      ctx(),
    );
    const code = await codeSentTo(h.db, "muutettu@example.org");
    expect(await confirmContactCode(h.db, { user: m.user, channel: "email", code }, ctx())).toMatchObject({ ok: true });
    const NEW = "marraskuun harmaa aamupäivä";
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: m.identifier, code: resetCode, password: NEW, repeat: NEW },
        ctx(),
      ),
    ).toMatchObject({ ok: false });
    expect(
      await signInWithPassword(
        h.db,
        { identifier: m.identifier, password: NEW },
        loginContext(new Date(), "198.51.100.81"),
      ),
    ).toMatchObject({ ok: false });
  });
});

describe("the password change notice", () => {
  it("goes only to a verified address", async () => {
    const m = await member();
    await h.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, m.user.id));
    const user = await fresh(m.user.id);
    const NEW = "syksyn ensimmäinen lumisade";
    expect(
      await changeOwnPassword(
        h.db,
        { user, organization: m.organization, sessionId: m.sessionId, current: PASSWORD, password: NEW, repeat: NEW },
        ctx(),
      ),
    ).toMatchObject({ ok: true });
    const notices = await h.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.userId, m.user.id), eq(outbox.template, "PasswordChangedEmail")));
    expect(notices).toEqual([]);
  });
});

describe("the language preference", () => {
  it("reaches the next message sent to the person", async () => {
    const m = await member();
    await chooseLanguage(h.db, { userId: m.user.id, language: "sv" }, ctx());
    await requestResetCode(h.db, { identifier: m.identifier, channel: "email" }, ctx());
    expect(await latestOutboxTo(h.db, m.email)).toMatchObject({ template: "ResetCodeEmail", language: "sv" });
    await chooseLanguage(h.db, { userId: m.user.id, language: "en" }, ctx());
    await requestOwnContactCode(
      h.db,
      {
        user: await fresh(m.user.id),
        sessionId: m.sessionId,
        channel: "email",
        value: "en.osoite@example.org",
        password: "",
      },
      ctx(),
    );
    expect(await latestOutboxTo(h.db, "en.osoite@example.org")).toMatchObject({ language: "en" });
  });
});
