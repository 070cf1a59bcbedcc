import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { requestRefusal } from "@/app/ui/contact/contact-state";
import { auditEvents, outbox, users } from "@/lib/db/schema";
import { requestContactCode } from "@/lib/flows/account/contact-verification";
import { remindUsernames } from "@/lib/flows/recovery/forgot-username";
import { requestResetCode } from "@/lib/flows/password/reset-by-code";
import { seededTestDb } from "../helpers/db";
import { insertMember, outboxOf, uniqueMobile, userById } from "../helpers/members";
import { messageIn, translatedEverywhere } from "../helpers/translations";

/**
 * Every SMS costs money. SMS go only to numbers of the countries in SMS_ALLOWED_COUNTRIES (by
 * default FI, SE, AX, EE, NO, DK), and at most 5 a day are queued for one account, whatever
 * asked for them. Where the person is signed in or holds a link (activation, /account) a refusal
 * says so; the recovery forms stay silent, so their answer tells nothing about the account.
 */
const h = seededTestDb();

let ip = 0;
const start = Date.now();
const ctx = (now: Date) => ({ now, ip: `192.0.2.${++ip}`, userAgent: "vitest", appOrigin: "https://tunnus.example" });
const GERMAN_MOBILE = "+4915123456789";
const smsTo = (to: string) =>
  h.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.recipient, to), eq(outbox.channel, "sms")));
const lastAudit = async (userId: string, event: string) =>
  (
    await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectUserId, userId), eq(auditEvents.event, event)))
  ).at(-1);

describe("countries", () => {
  it("a phone change to another country's number is refused, naming the accepted countries; nothing is sent", async () => {
    const { user } = await insertMember(h.db);
    const refused = await requestContactCode(
      h.db,
      { user, channel: "phone", value: "+49 151 23456789" },
      ctx(new Date()),
    );
    expect(refused).toEqual({
      ok: false,
      reason: "countryNotAllowed",
      countries: ["FI", "SE", "AX", "EE", "NO", "DK"],
    });
    expect(await smsTo(GERMAN_MOBILE)).toEqual([]);
    // A Swedish mobile is fine.
    expect(
      await requestContactCode(h.db, { user, channel: "phone", value: "+46 70 123 45 67" }, ctx(new Date())),
    ).toEqual({ ok: true, target: "+46701234567" });

    if (refused.ok) throw new Error("unreachable");
    const shown = requestRefusal("phone", refused, "+49 151 23456789");
    expect(shown).toMatchObject({
      errors: { value: "contact.errors.phoneCountryNotAllowed" },
      countries: ["FI", "SE", "AX", "EE", "NO", "DK"],
    });
    const key = shown.errors?.value ?? "";
    expect(messageIn("fi", key)).toContain("{countries}");
    expect(messageIn("sv", key)).toContain("{countries}");
    expect(messageIn("en", key)).toContain("{countries}");
  });

  it("the recovery forms send no SMS to a verified number of another country, and answer as ever", async () => {
    const member = await insertMember(h.db, { phone: GERMAN_MOBILE });
    expect(await requestResetCode(h.db, { identifier: member.identifier, channel: "sms" }, ctx(new Date()))).toEqual({
      ok: true,
    });
    expect(await remindUsernames(h.db, { contact: GERMAN_MOBILE }, ctx(new Date()))).toEqual({ ok: true });
    expect(await smsTo(GERMAN_MOBILE)).toEqual([]);
    expect((await lastAudit(member.user.id, "password.code_requested"))?.details).toMatchObject({
      channel: "sms",
      sent: false,
      reason: "smsCountry",
    });
  });
});

describe("5 SMS a day per account", () => {
  it("the 6th contact code by SMS is refused with when to ask again; recovery SMS for the account then stay silent", async () => {
    const member = await insertMember(h.db);
    const user = await userById(h.db, member.user.id);
    const phone = uniqueMobile();
    const at = (seconds: number) => new Date(start + seconds * 1000);
    for (let i = 0; i < 5; i++)
      expect(await requestContactCode(h.db, { user, channel: "phone", value: phone }, ctx(at(i * 61)))).toEqual({
        ok: true,
        target: phone,
      });
    const sixth = await requestContactCode(h.db, { user, channel: "phone", value: phone }, ctx(at(5 * 61)));
    expect(sixth).toEqual({ ok: false, reason: "smsLimit", retryAfterSeconds: 24 * 3600 - 5 * 61 });
    expect(await smsTo(phone)).toHaveLength(5);
    // E-mail codes cost nothing and are not counted.
    expect(
      await requestContactCode(h.db, { user, channel: "email", value: `uusi.${user.email}` }, ctx(at(5 * 61))),
    ).toMatchObject({ ok: true });

    if (sixth.ok) throw new Error("unreachable");
    const shown = requestRefusal("phone", sixth, phone);
    expect(shown).toEqual({
      errors: { value: "contact.errors.smsLimit" },
      params: { count: 5, hours: 24 },
      values: { value: phone },
    });
    for (const language of ["fi", "sv", "en"] as const)
      expect(messageIn(language, shown.errors?.value ?? "")).toMatch(/\{count\}.*\{hours/);

    // The number verified (say, by an earlier code): the recovery forms now send it nothing, silently.
    await h.db.update(users).set({ phone, phoneVerifiedAt: new Date() }).where(eq(users.id, user.id));
    expect(await requestResetCode(h.db, { identifier: member.identifier, channel: "sms" }, ctx(at(6 * 61)))).toEqual({
      ok: true,
    });
    expect(await remindUsernames(h.db, { contact: phone }, ctx(at(6 * 61)))).toEqual({ ok: true });
    expect(await smsTo(phone)).toHaveLength(5);
    expect((await lastAudit(user.id, "password.code_requested"))?.details).toMatchObject({
      sent: false,
      reason: "smsLimit",
    });
    expect((await lastAudit(user.id, "username.reminder_requested"))?.details).toMatchObject({
      sent: false,
      reason: "smsLimit",
    });

    // A day after the first, SMS go again.
    expect(await requestResetCode(h.db, { identifier: member.identifier, channel: "sms" }, ctx(at(24 * 3600)))).toEqual(
      { ok: true },
    );
    expect((await outboxOf(h.db, user.id)).filter((m) => m.template === "ResetCodeSms")).toHaveLength(1);
  });

  it("recovery SMS count too: the username reminder and the reset code share the account's five", async () => {
    const phone = uniqueMobile();
    const member = await insertMember(h.db, { phone });
    const at = (seconds: number) => new Date(start + 7 * 24 * 3600_000 + seconds * 1000);
    for (let i = 0; i < 3; i++)
      expect(await requestResetCode(h.db, { identifier: member.identifier, channel: "sms" }, ctx(at(i * 61)))).toEqual({
        ok: true,
      });
    for (let i = 0; i < 3; i++)
      expect(await remindUsernames(h.db, { contact: phone }, ctx(at(200 + i)))).toEqual({ ok: true });
    expect(await smsTo(phone)).toHaveLength(5);
  });

  it("the refusals are texts in every language", () => {
    for (const key of ["contact.errors.phoneCountryNotAllowed", "contact.errors.smsLimit"])
      expect(translatedEverywhere(key), key).toBe(true);
  });
});
