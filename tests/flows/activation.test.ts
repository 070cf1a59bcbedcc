import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/password/hash";
import { auditEvents } from "@/lib/db/schema";
import { activateAccount, loadActivation } from "@/lib/flows/account/activation";
import { createUser } from "@/lib/flows/admin/users";
import { cancelContactChange, confirmContactCode, requestContactCode } from "@/lib/flows/account/contact-verification";
import { signInWithPassword } from "@/lib/flows/sign-in/login";
import { seededTestDb } from "../helpers/db";
import { loginContext, secretFromUrl, testClock, codeSentTo, messageTo, must } from "../helpers/fixtures";
import { userById } from "../helpers/members";

const h = seededTestDb();

const PASSWORD = "kesäyön sininen hetki";
let n = 0;
/** A fresh invited person and the secret of their activation link. */
async function invite(email = `henkilo${++n}@example.com`) {
  const created = await createUser(
    h.db,
    { licence: "123", identifier: `henkilo${n}`, displayName: `Henkilö ${n}`, email },
    {
      now: new Date(),
      actor: { userId: null },
      appOrigin: "https://tunnus.example",
    },
  );
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  const message = await messageTo(h.db, email);
  return {
    userId: created.userId,
    identifier: created.identifier,
    secret: secretFromUrl(message.props.activationUrl),
    email,
  };
}
const ctx = (now = new Date()) => ({ now, ip: "198.51.100.20", userAgent: "vitest" });
const userRow = (id: string) => userById(h.db, id);

describe("activation", () => {
  it("shows the organisation and username without spending the link, then activates once", async () => {
    const p = await invite();
    for (let i = 0; i < 3; i++) {
      const view = await loadActivation(h.db, p.secret, new Date());
      expect(view).toMatchObject({
        ok: true,
        identifier: p.identifier,
        organization: { name: "Demo Oy" },
        pendingEmail: null,
      });
    }
    const result = await activateAccount(h.db, { secret: p.secret, password: PASSWORD, repeat: PASSWORD }, ctx());
    expect(result).toEqual({ ok: true, userId: p.userId, identifier: p.identifier });
    const user = await userRow(p.userId);
    expect(user.status).toBe("active");
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(await verifyPassword(must(user.passwordHash, "a password hash"), PASSWORD)).toBe(true);
    expect(
      await signInWithPassword(
        h.db,
        { identifier: p.identifier, password: PASSWORD },
        loginContext(new Date(), "198.51.100.21"),
      ),
    ).toMatchObject({ ok: true });
    // Replayed: the link is used.
    expect(
      await activateAccount(
        h.db,
        { secret: p.secret, password: "toinen salasana tähän", repeat: "toinen salasana tähän" },
        ctx(),
      ),
    ).toEqual({ ok: false, reason: "link" });
    expect(await loadActivation(h.db, p.secret, new Date())).toMatchObject({
      ok: false,
      reason: "used",
      organization: { name: "Demo Oy" },
    });
    const events = (await h.db.select().from(auditEvents).where(eq(auditEvents.subjectUserId, p.userId))).map(
      (e) => e.event,
    );
    expect(events).toEqual(expect.arrayContaining(["user.created", "user.activated"]));
  });

  it("refuses an expired, unknown or wrong-purpose link", async () => {
    const p = await invite();
    const later = new Date(Date.now() + 7 * 86400_000 + 1000);
    expect(await loadActivation(h.db, p.secret, later)).toMatchObject({
      ok: false,
      reason: "expired",
      organization: { licence: "123" },
    });
    expect(await activateAccount(h.db, { secret: p.secret, password: PASSWORD, repeat: PASSWORD }, ctx(later))).toEqual(
      { ok: false, reason: "link" },
    );
    expect(await loadActivation(h.db, "A".repeat(43), new Date())).toEqual({
      ok: false,
      reason: "unknown",
      organization: null,
    });
    expect((await userRow(p.userId)).status).toBe("invited");
  });

  it("applies the password policy in the person's terms and requires the repetition", async () => {
    const p = await invite();
    const attempt = (password: string, repeat = password) =>
      activateAccount(h.db, { secret: p.secret, password, repeat }, ctx());
    expect(await attempt("")).toEqual({ ok: false, reason: "password", problem: { code: "empty" } });
    expect(await attempt("lyhyt")).toEqual({ ok: false, reason: "password", problem: { code: "tooShort", min: 15 } });
    expect(await attempt("x".repeat(10_000))).toEqual({
      ok: false,
      reason: "password",
      problem: { code: "tooLong", max: 256 },
    });
    expect(await attempt(`henkilo${n}henkilo${n}`)).toEqual({
      ok: false,
      reason: "password",
      problem: { code: "containsUsername" },
    });
    expect(await attempt(`Henkilö-${n}-Henkilö-${n}`)).toEqual({
      ok: false,
      reason: "password",
      problem: { code: "personal" },
    });
    expect(await attempt("salasana12345678")).toEqual({ ok: false, reason: "password", problem: { code: "common" } });
    expect(await attempt(PASSWORD, `${PASSWORD}x`)).toEqual({
      ok: false,
      reason: "password",
      problem: { code: "mismatch" },
    });
    expect((await userRow(p.userId)).passwordHash).toBeNull();
    expect(await loadActivation(h.db, p.secret, new Date())).toMatchObject({ ok: true });
  });

  it("16 simultaneous activations with one link: one success, one password", async () => {
    const p = await invite();
    const passwords = Array.from({ length: 16 }, (_, i) => `rinnakkainen salasana numero ${i}`);
    const results = await Promise.all(
      passwords.map((pw) => activateAccount(h.db, { secret: p.secret, password: pw, repeat: pw }, ctx())),
    );
    const winners = results.map((r, i) => (r.ok ? i : -1)).filter((i) => i >= 0);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toHaveLength(15);
    const user = await userRow(p.userId);
    expect(
      await verifyPassword(
        must(user.passwordHash, "a password hash"),
        must(passwords[must(winners[0], "a winner")], "its password"),
      ),
    ).toBe(true);
    const activated = (await h.db.select().from(auditEvents).where(eq(auditEvents.subjectUserId, p.userId))).filter(
      (e) => e.event === "user.activated",
    );
    expect(activated).toHaveLength(1);
  });
});

describe("changing the e-mail and adding a phone during activation", () => {
  it("saves a new e-mail only with the code sent to it", async () => {
    const clock = testClock(new Date());
    const p = await invite();
    let user = await userRow(p.userId);
    expect(
      await requestContactCode(h.db, { user, channel: "email", value: "Uusi.Osoite@Example.com" }, ctx(clock.now())),
    ).toEqual({ ok: true, target: "uusi.osoite@example.com" });
    expect(await loadActivation(h.db, p.secret, clock.now())).toMatchObject({
      pendingEmail: "uusi.osoite@example.com",
    });
    expect((await userRow(p.userId)).email).toBe(p.email); // not saved before the code
    const code = await codeSentTo(h.db, "uusi.osoite@example.com");
    expect(code).toMatch(/^\d{6}$/);
    const wrong = code === "123456" ? "654321" : "123456";
    expect(await confirmContactCode(h.db, { user, channel: "email", code: wrong }, ctx(clock.now()))).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(
      await confirmContactCode(
        h.db,
        { user, channel: "email", code: ` ${code.slice(0, 3)} ${code.slice(3)} ` },
        ctx(clock.now()),
      ),
    ).toEqual({ ok: true, target: "uusi.osoite@example.com" });
    user = await userRow(p.userId);
    expect(user).toMatchObject({ email: "uusi.osoite@example.com" });
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(await loadActivation(h.db, p.secret, clock.now())).toMatchObject({ ok: true, pendingEmail: null });
  });

  it("adds a phone with its SMS code; refuses bad numbers and the resend within a minute", async () => {
    const clock = testClock(new Date());
    const p = await invite();
    const user = await userRow(p.userId);
    expect(await requestContactCode(h.db, { user, channel: "phone", value: "12" }, ctx(clock.now()))).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await requestContactCode(h.db, { user, channel: "phone", value: "09 123 4567" }, ctx(clock.now()))).toEqual({
      ok: false,
      reason: "notMobile",
    });
    expect(await requestContactCode(h.db, { user, channel: "phone", value: "" }, ctx(clock.now()))).toEqual({
      ok: false,
      reason: "empty",
    });
    expect(await requestContactCode(h.db, { user, channel: "phone", value: "0501234567" }, ctx(clock.now()))).toEqual({
      ok: true,
      target: "+358501234567",
    });
    const sms = await messageTo(h.db, "+358501234567");
    expect(sms).toMatchObject({ channel: "sms", template: "VerificationCodeSms" });
    clock.advance(20_000);
    expect(await requestContactCode(h.db, { user, channel: "phone", value: "0501234567" }, ctx(clock.now()))).toEqual({
      ok: false,
      reason: "cooldown",
      retryAfterSeconds: 40,
    });
    expect(await confirmContactCode(h.db, { user, channel: "phone", code: "abc" }, ctx(clock.now()))).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(await confirmContactCode(h.db, { user, channel: "phone", code: "" }, ctx(clock.now()))).toEqual({
      ok: false,
      reason: "empty",
    });
    expect(
      await confirmContactCode(h.db, { user, channel: "phone", code: String(sms.props.code) }, ctx(clock.now())),
    ).toMatchObject({ ok: true });
    const after = await userRow(p.userId);
    expect(after.phone).toBe("+358501234567");
    expect(after.phoneVerifiedAt).not.toBeNull();
  });

  it("a code expires after 10 minutes; cancelling voids it", async () => {
    const clock = testClock(new Date());
    const p = await invite();
    const user = await userRow(p.userId);
    await requestContactCode(h.db, { user, channel: "email", value: "myohassa@example.com" }, ctx(clock.now()));
    const code = await codeSentTo(h.db, "myohassa@example.com");
    clock.advance(10 * 60_000 + 1);
    expect(await confirmContactCode(h.db, { user, channel: "email", code }, ctx(clock.now()))).toEqual({
      ok: false,
      reason: "expired",
    });
    clock.advance(60_000);
    await requestContactCode(h.db, { user, channel: "email", value: "peruttu@example.com" }, ctx(clock.now()));
    await cancelContactChange(h.db, { user, channel: "email" }, clock.now());
    expect(
      await confirmContactCode(
        h.db,
        { user, channel: "email", code: await codeSentTo(h.db, "peruttu@example.com") },
        ctx(clock.now()),
      ),
    ).toEqual({ ok: false, reason: "expired" });
    expect((await userRow(p.userId)).email).toBe(p.email);
  });

  it("refuses hostile and overlong addresses and sending to the current verified address", async () => {
    const p = await invite();
    const user = await userRow(p.userId);
    for (const value of ["<script>@x.fi", "a".repeat(10_000), "x@y", "' OR 1=1 --"]) {
      expect((await requestContactCode(h.db, { user, channel: "email", value }, ctx())).ok).toBe(false);
    }
    const verified = { ...user, emailVerifiedAt: new Date() };
    expect(await requestContactCode(h.db, { user: verified, channel: "email", value: p.email }, ctx())).toEqual({
      ok: false,
      reason: "same",
    });
  });
});
