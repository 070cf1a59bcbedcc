import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createSession, validateSession } from "@/lib/session/sessions";
import { outbox, users } from "@/lib/db/schema";
import { createUser } from "@/lib/flows/admin/users";
import { requestContactCode } from "@/lib/flows/account/contact-verification";
import { signInWithPassword } from "@/lib/flows/sign-in/login";
import { requestResetCode, resetPasswordWithCode } from "@/lib/flows/password/reset-by-code";
import { seededTestDb } from "../helpers/db";
import { latestOutboxTo, loginContext, sessionTimes, userByEmail, codeSentTo } from "../helpers/fixtures";
import { insertMember, outboxOf, tokensOf, uniqueMobile } from "../helpers/members";

const h = seededTestDb();

let ip = 0;
const ctx = (now = new Date()) => ({ now, ip: `192.0.2.${++ip}`, userAgent: "vitest" });
const PASSWORD = "talven pitkä pimeä aika";
const codeTo = (to: string) => codeSentTo(h.db, to);

describe("forgotten password by code", () => {
  it("by e-mail: the code and the new password reset, end sessions and send a notice", async () => {
    const maija = await userByEmail(h.db, "maija@example.com");
    const session = await createSession(h.db, { userId: maija.id, now: new Date(), times: sessionTimes });
    expect(await requestResetCode(h.db, { identifier: "Maija@123", channel: "email" }, ctx())).toEqual({ ok: true });
    const code = await codeTo("maija@example.com");
    expect(
      await resetPasswordWithCode(h.db, { identifier: "maija@123", code, password: PASSWORD, repeat: PASSWORD }, ctx()),
    ).toEqual({ ok: true, identifier: "maija@123" });
    expect(await validateSession(h.db, session, new Date(), sessionTimes)).toBeNull();
    expect(await latestOutboxTo(h.db, "maija@example.com")).toMatchObject({ template: "PasswordChangedEmail" });
    expect(
      await signInWithPassword(
        h.db,
        { identifier: "maija@123", password: PASSWORD },
        loginContext(new Date(), "198.51.100.60"),
      ),
    ).toMatchObject({ ok: true });
    // Reused: dead.
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: "maija@123", code, password: `${PASSWORD}!`, repeat: `${PASSWORD}!` },
        ctx(),
      ),
    ).toEqual({ ok: false, reason: "codeWrong" });
  });

  it("by SMS to the verified number", async () => {
    expect(
      await requestResetCode(h.db, { identifier: "maija@123", channel: "sms" }, ctx(new Date(Date.now() + 120_000))),
    ).toEqual({ ok: true });
    expect(await latestOutboxTo(h.db, "+358401234567")).toMatchObject({ channel: "sms", template: "ResetCodeSms" });
  });

  it("an SMS request for an account with no verified phone sends nothing and answers the same", async () => {
    const before = await latestOutboxTo(h.db, "erik@example.com");
    expect(await requestResetCode(h.db, { identifier: "erik@123", channel: "sms" }, ctx())).toEqual({ ok: true });
    expect(await requestResetCode(h.db, { identifier: "nobody@123", channel: "email" }, ctx())).toEqual({ ok: true });
    expect(await latestOutboxTo(h.db, "erik@example.com")).toEqual(before);
  });

  it("an SMS request for an account whose phone is set but not verified queues nothing and answers the same", async () => {
    const phone = uniqueMobile();
    const member = await insertMember(h.db, { phone, phoneVerified: false });
    const verifiedPhone = uniqueMobile();
    const verified = await insertMember(h.db, { phone: verifiedPhone });
    const answers = [
      await requestResetCode(h.db, { identifier: member.identifier, channel: "sms" }, ctx()),
      await requestResetCode(h.db, { identifier: verified.identifier, channel: "sms" }, ctx()),
      await requestResetCode(h.db, { identifier: "ei-ketaan@123", channel: "sms" }, ctx()),
    ];
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify({ ok: true })]));
    expect(await outboxOf(h.db, member.user.id)).toEqual([]);
    expect(await h.db.select().from(outbox).where(eq(outbox.recipient, phone))).toEqual([]);
    expect(await tokensOf(h.db, member.user.id)).toEqual([]);
    // ...while the verified number did get its code: the request itself was not the reason.
    expect(await latestOutboxTo(h.db, verifiedPhone)).toMatchObject({
      template: "ResetCodeSms",
      userId: verified.user.id,
    });
  });

  it("5 wrong codes kill it; an expired code fails; an unknown account answers like a wrong code", async () => {
    const now = new Date(Date.now() + 10 * 60_000);
    await requestResetCode(h.db, { identifier: "erik@123", channel: "email" }, ctx(now));
    const code = await codeTo("erik@example.com");
    const wrong = code === "000000" ? "111111" : "000000";
    const errors = [];
    for (let i = 0; i < 5; i++)
      errors.push(
        (await resetPasswordWithCode(
          h.db,
          { identifier: "erik@123", code: wrong, password: PASSWORD, repeat: PASSWORD },
          ctx(now),
        )) as { reason: string },
      );
    expect(errors.map((e) => e.reason)).toEqual(Array(5).fill("codeWrong"));
    // Dead after the fifth: the right code no longer works either.
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: "erik@123", code, password: PASSWORD, repeat: PASSWORD },
        ctx(now),
      ),
    ).toEqual({ ok: false, reason: "codeWrong" });
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: "nobody@123", code, password: PASSWORD, repeat: PASSWORD },
        ctx(now),
      ),
    ).toEqual({ ok: false, reason: "codeWrong" });

    const later = new Date(now.getTime() + 2 * 60_000);
    await requestResetCode(h.db, { identifier: "erik@123", channel: "email" }, ctx(later));
    const fresh = await codeTo("erik@example.com");
    const expired = new Date(later.getTime() + 10 * 60_000 + 1);
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: "erik@123", code: fresh, password: PASSWORD, repeat: PASSWORD },
        ctx(expired),
      ),
    ).toEqual({ ok: false, reason: "codeWrong" });
  });

  it("a code of another purpose or another account does not reset", async () => {
    const now = new Date(Date.now() + 50 * 60_000);
    const maija = await userByEmail(h.db, "maija@example.com");
    // A code that verifies a new e-mail address of maija's, not a reset code.
    await requestContactCode(h.db, { user: maija, channel: "email", value: "maija.uusi@example.com" }, ctx(now));
    const contactCode = await codeTo("maija.uusi@example.com");
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: "maija@123", code: contactCode, password: PASSWORD, repeat: PASSWORD },
        ctx(now),
      ),
    ).toEqual({ ok: false, reason: "codeWrong" });
    // Another member's reset code, typed with maija's username.
    await createUser(
      h.db,
      { licence: "123", identifier: "toinen", email: "toinen@example.com" },
      { now, actor: { userId: null }, appOrigin: "https://x" },
    );
    await h.db
      .update(users)
      .set({ status: "active", emailVerifiedAt: now })
      .where(eq(users.email, "toinen@example.com"));
    expect(await requestResetCode(h.db, { identifier: "toinen@123", channel: "email" }, ctx(now))).toEqual({
      ok: true,
    });
    const othersCode = await codeTo("toinen@example.com");
    await requestResetCode(h.db, { identifier: "maija@123", channel: "email" }, ctx(now));
    const maijasCode = await codeTo("maija@example.com");
    // (one in a million: the two could match and the check would prove nothing)
    expect(maijasCode).not.toBe(othersCode);
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: "maija@123", code: othersCode, password: PASSWORD, repeat: PASSWORD },
        ctx(now),
      ),
    ).toEqual({ ok: false, reason: "codeWrong" });
    // The code still works for its own account afterwards.
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: "toinen@123", code: othersCode, password: PASSWORD, repeat: PASSWORD },
        ctx(now),
      ),
    ).toMatchObject({ ok: true });
  });

  it("refuses hostile and overlong input, and a weak or mismatched password, without spending the code", async () => {
    for (const identifier of ["", "a".repeat(10_000), "<script>@123", "' OR 1=1 --"]) {
      expect((await requestResetCode(h.db, { identifier, channel: "email" }, ctx())).ok).toBe(false);
    }
    const now = new Date(Date.now() + 30 * 60_000);
    await requestResetCode(h.db, { identifier: "10001", channel: "email" }, ctx(now));
    const code = await codeTo("jasen@example.com");
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: "10001", code: "12", password: PASSWORD, repeat: PASSWORD },
        ctx(now),
      ),
    ).toEqual({ ok: false, reason: "codeMalformed" });
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: "10001", code, password: "x".repeat(10_000), repeat: "" },
        ctx(now),
      ),
    ).toMatchObject({ reason: "password", problem: { code: "tooLong" } });
    expect(
      await resetPasswordWithCode(h.db, { identifier: "10001", code, password: PASSWORD, repeat: "other" }, ctx(now)),
    ).toMatchObject({ reason: "password", problem: { code: "mismatch" } });
    expect(
      await resetPasswordWithCode(h.db, { identifier: "10001", code, password: PASSWORD, repeat: PASSWORD }, ctx(now)),
    ).toEqual({ ok: true, identifier: "10001" });
  });
});
