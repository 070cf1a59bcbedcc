import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/password/hash";
import type { Db } from "@/lib/db/client";
import { auditEvents, users } from "@/lib/db/schema";
import { loadActivation } from "@/lib/flows/account/activation";
import { requestContactCode } from "@/lib/flows/account/contact-verification";
import { requestResetCode, resetPasswordWithCode } from "@/lib/flows/password/reset-by-code";
import { loadResetLink, orderResetLink, resetPasswordWithLink } from "@/lib/flows/password/reset-by-link";
import { checkLinkToken, createFirstLinkTokens, createLinkToken, pendingCode } from "@/lib/tokens/tokens";
import { seededTestDb } from "../helpers/db";
import { latestOutboxTo, codeSentTo, firstOf, linkSecretIn, messageTo, must } from "../helpers/fixtures";
import { insertMember, OLD_PASSWORD, outboxOf, uniqueMobile, userById } from "../helpers/members";

/** What a finished reset leaves behind, by either route: the audit, the dead tokens, the notice. */
const h = seededTestDb();

let ip = 0;
const ctx = (now = new Date()) => ({
  now,
  ip: `192.0.2.${++ip}`,
  userAgent: "vitest",
  appOrigin: "https://tunnus.example",
});
const NEW = "syksyn ensimmäinen lumi";
const linkTo = async (email: string) => linkSecretIn(await messageTo(h.db, email));
const codeTo = (to: string) => codeSentTo(h.db, to);
const resetAudits = async (userId: string) =>
  h.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectUserId, userId), eq(auditEvents.event, "password.reset")));
const templatesOf = async (userId: string) => (await outboxOf(h.db, userId)).map((m) => m.template);

/** The audit row holds no secret: not the link, the code or either password. */
async function expectOneCleanAudit(userId: string, details: object, secrets: string[]) {
  const rows = await resetAudits(userId);
  expect(rows).toHaveLength(1);
  expect(rows[0]?.details).toEqual(details);
  const text = JSON.stringify(rows[0]);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/** Before the reset: each token works, so that "dead afterwards" is the reset's doing. */
async function expectAlive(userId: string, resetLinks: string[], activations: string[]) {
  for (const link of resetLinks)
    expect(await checkLinkToken(h.db, link, "reset_link", new Date())).toMatchObject({ ok: true, userId });
  for (const link of activations)
    expect(await checkLinkToken(h.db, link, "activation", new Date())).toMatchObject({ ok: true, userId });
  expect(await pendingCode(h.db, userId, "reset_code", new Date())).not.toBeNull();
}

describe("after a reset", () => {
  it("by link (a first password): audited, every other token dead, the address verified and told", async () => {
    const phone = uniqueMobile();
    // Demo-liitto ry's members: "Tilaa uusi salasana" is its form (it reveals unknown accounts).
    const m = await insertMember(h.db, { status: "invited", emailVerified: false, phone, licence: "200" });
    const email = m.email;
    await requestResetCode(h.db, { identifier: m.identifier, channel: "sms" }, ctx());
    const code = await codeTo(phone);
    await orderResetLink(h.db, { email }, ctx());
    const secret = await linkTo(email);
    // Made without voiding the others (as a register import does): two live reset links at once.
    const activation = await firstOf(
      createFirstLinkTokens(h.db, {
        userIds: [m.user.id],
        purpose: "activation",
        now: new Date(),
      }),
      "activation",
    );
    const secondLink = await firstOf(
      createFirstLinkTokens(h.db, {
        userIds: [m.user.id],
        purpose: "reset_link",
        now: new Date(),
      }),
      "secondLink",
    );
    await expectAlive(m.user.id, [secret, secondLink], [activation]);

    expect(await resetPasswordWithLink(h.db, { secret, password: NEW }, ctx())).toEqual({
      ok: true,
      identifier: m.identifier,
    });
    await expectOneCleanAudit(m.user.id, { via: "reset_link", firstPassword: true, proved: "email" }, [
      secret,
      secondLink,
      activation,
      code,
      NEW,
    ]);
    expect(await loadResetLink(h.db, secondLink, new Date())).toEqual({ ok: false, reason: "used" });
    expect(await resetPasswordWithLink(h.db, { secret: secondLink, password: `${NEW} 2` }, ctx())).toEqual({
      ok: false,
      reason: "link",
    });
    expect(await checkLinkToken(h.db, activation, "activation", new Date())).toMatchObject({
      ok: false,
      reason: "used",
    });
    expect(await loadActivation(h.db, activation, new Date())).toMatchObject({ ok: false, reason: "used" });
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: m.identifier, code, password: `${NEW} 3`, repeat: `${NEW} 3` },
        ctx(),
      ),
    ).toEqual({ ok: false, reason: "codeWrong" });
    const after = await userById(h.db, m.user.id);
    expect(await verifyPassword(must(after.passwordHash, "a password hash"), NEW)).toBe(true);
    // The link came to the address: it is verified now, and the notice goes there.
    expect(after).toMatchObject({ status: "active", emailVerifiedAt: expect.any(Date) });
    expect(await latestOutboxTo(h.db, email)).toMatchObject({ template: "PasswordChangedEmail" });
  });

  it("by an e-mailed code: audited, the reset link, the activation link and a contact change dead", async () => {
    const m = await insertMember(h.db, { licence: "200" });
    const email = m.email;
    const { secret: activation } = await createLinkToken(h.db, {
      userId: m.user.id,
      purpose: "activation",
      now: new Date(),
    });
    await orderResetLink(h.db, { email }, ctx());
    const link = await linkTo(email);
    await requestResetCode(h.db, { identifier: m.identifier, channel: "email" }, ctx());
    const code = await codeTo(email);
    // A contact change under way (as /account starts one) dies with the rest.
    const change = await requestContactCode(h.db, { user: m.user, channel: "email", value: `uusi.${email}` }, ctx());
    expect(change).toMatchObject({ ok: true });
    await expectAlive(m.user.id, [link], [activation]);
    expect(await pendingCode(h.db, m.user.id, "email_change", new Date())).not.toBeNull();

    expect(
      await resetPasswordWithCode(h.db, { identifier: m.identifier, code, password: NEW, repeat: NEW }, ctx()),
    ).toMatchObject({ ok: true });
    await expectOneCleanAudit(m.user.id, { via: "reset_code", firstPassword: false, proved: "email" }, [
      code,
      link,
      activation,
      NEW,
    ]);
    expect(await loadResetLink(h.db, link, new Date())).toEqual({ ok: false, reason: "used" });
    expect(await checkLinkToken(h.db, activation, "activation", new Date())).toMatchObject({
      ok: false,
      reason: "used",
    });
    expect(await pendingCode(h.db, m.user.id, "email_change", new Date())).toBeNull();
    expect(await latestOutboxTo(h.db, email)).toMatchObject({ template: "PasswordChangedEmail" });
  });

  it("by an SMS code: the phone is proven, not the e-mail; no notice goes to the unverified address", async () => {
    const phone = uniqueMobile();
    const m = await insertMember(h.db, { status: "invited", emailVerified: false, phone });
    await requestResetCode(h.db, { identifier: m.identifier, channel: "sms" }, ctx());
    const code = await codeTo(phone);
    expect(
      await resetPasswordWithCode(h.db, { identifier: m.identifier, code, password: NEW, repeat: NEW }, ctx()),
    ).toMatchObject({ ok: true });
    const after = await userById(h.db, m.user.id);
    expect(after).toMatchObject({ status: "active", emailVerifiedAt: null, phoneVerifiedAt: expect.any(Date) });
    expect(await templatesOf(m.user.id)).toEqual(["ResetCodeSms"]);
    await expectOneCleanAudit(m.user.id, { via: "reset_code", firstPassword: true, proved: "phone" }, [code, NEW]);
  });
});

/** A handle whose transactions begin only after `meanwhile` ran: what happens between read and write. */
const racing = (db: Db, meanwhile: () => Promise<unknown>) =>
  new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== "transaction") return Reflect.get(target, prop, receiver);
      return async (...args: Parameters<Db["transaction"]>) => {
        await meanwhile();
        return target.transaction(...args);
      };
    },
  });

describe("an account disabled while the reset is under way", () => {
  const disable = (id: string) => () => h.db.update(users).set({ status: "disabled" }).where(eq(users.id, id));

  it("by link: refused, nothing changed", async () => {
    const m = await insertMember(h.db, { licence: "200" });
    await orderResetLink(h.db, { email: m.email }, ctx());
    const secret = await linkTo(m.email);
    expect(await resetPasswordWithLink(racing(h.db, disable(m.user.id)), { secret, password: NEW }, ctx())).toEqual({
      ok: false,
      reason: "link",
    });
    const after = await userById(h.db, m.user.id);
    expect(after.status).toBe("disabled");
    expect(await verifyPassword(must(after.passwordHash, "a password hash"), OLD_PASSWORD)).toBe(true);
    expect(await resetAudits(m.user.id)).toEqual([]);
    expect(await templatesOf(m.user.id)).toEqual(["ResetLinkEmail"]);
  });

  it("by code: refused with the one code answer, nothing changed", async () => {
    const m = await insertMember(h.db);
    await requestResetCode(h.db, { identifier: m.identifier, channel: "email" }, ctx());
    const code = await codeTo(m.email);
    const input = { identifier: m.identifier, code, password: NEW, repeat: NEW };
    expect(await resetPasswordWithCode(racing(h.db, disable(m.user.id)), input, ctx())).toEqual({
      ok: false,
      reason: "codeWrong",
    });
    expect(
      await verifyPassword(must((await userById(h.db, m.user.id)).passwordHash, "a password hash"), OLD_PASSWORD),
    ).toBe(true);
    expect(await resetAudits(m.user.id)).toEqual([]);
    expect(await templatesOf(m.user.id)).toEqual(["ResetCodeEmail"]);
  });
});
