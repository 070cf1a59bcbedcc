import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { resetCodeErrorKey } from "@/app/(site)/(auth)/recovery-errors";
import { organizations, outbox } from "@/lib/db/schema";
import { createOrganization } from "@/lib/flows/admin/organizations";
import { remindUsernames } from "@/lib/flows/recovery/forgot-username";
import { requestResetCode } from "@/lib/flows/password/reset-by-code";
import { orderResetLink } from "@/lib/flows/password/reset-by-link";
import { seededTestDb } from "../helpers/db";
import { firstOf } from "../helpers/fixtures";
import { insertMember, outboxOf, uniqueMobile } from "../helpers/members";
import { translatedEverywhere } from "../helpers/translations";

/**
 * `organizations.recovery_methods`: an organisation may offer recovery by e-mail only, or by SMS
 * only. A reset code goes only by a channel the organisation offers, and the forms keyed by an
 * address or a number send only for accounts whose organisation offers that channel.
 */
const h = seededTestDb();
beforeAll(async () => {
  expect(
    await createOrganization(h.db, { licence: "400", name: "Sähköposti ry", recoveryMethods: ["email"] }),
  ).toMatchObject({ ok: true });
  expect(
    await createOrganization(h.db, { licence: "401", name: "Tekstari ry", recoveryMethods: ["sms"] }),
  ).toMatchObject({ ok: true });
});

let minute = 0;
let ip = 0;
const ctx = () => ({
  now: new Date(Date.now() + ++minute * 61_000),
  ip: `192.0.2.${++ip}`,
  userAgent: "vitest",
  appOrigin: "https://tunnus.example",
});
const templatesOf = async (userId: string) => (await outboxOf(h.db, userId)).map((m) => m.template);

describe("/forgot-password", () => {
  it("a channel the organisation does not offer is refused on the channel field, alike for a known and an unknown name", async () => {
    const member = await insertMember(h.db, { licence: "400", phone: uniqueMobile() });
    for (const identifier of [member.identifier, "ei-ketaan@400"]) {
      expect(await requestResetCode(h.db, { identifier, channel: "sms" }, ctx())).toEqual({
        ok: false,
        reason: "channelNotAllowed",
        allowed: ["email"],
      });
    }
    expect(await templatesOf(member.user.id)).toEqual([]);
    expect(await requestResetCode(h.db, { identifier: member.identifier, channel: "email" }, ctx())).toEqual({
      ok: true,
    });
    expect(await templatesOf(member.user.id)).toEqual(["ResetCodeEmail"]);

    const texter = await insertMember(h.db, { licence: "401", phone: uniqueMobile() });
    expect(await requestResetCode(h.db, { identifier: texter.identifier, channel: "email" }, ctx())).toEqual({
      ok: false,
      reason: "channelNotAllowed",
      allowed: ["sms"],
    });
    expect(await requestResetCode(h.db, { identifier: texter.identifier, channel: "sms" }, ctx())).toEqual({
      ok: true,
    });
    expect(await templatesOf(texter.user.id)).toEqual(["ResetCodeSms"]);
  });

  it("an organisation that offers no reset codes says so; every refusal is a text in fi, sv and en", async () => {
    await h.db.update(organizations).set({ recoveryMethods: [] }).where(eq(organizations.licence, "401"));
    try {
      expect(await requestResetCode(h.db, { identifier: "kuka-tahansa@401", channel: "sms" }, ctx())).toEqual({
        ok: false,
        reason: "channelNotAllowed",
        allowed: [],
      });
    } finally {
      await h.db
        .update(organizations)
        .set({ recoveryMethods: ["sms"] })
        .where(eq(organizations.licence, "401"));
    }
    for (const key of ["channelNotAllowedEmail", "channelNotAllowedSms", "noCodes"])
      expect(translatedEverywhere(resetCodeErrorKey(key)), key).toBe(true);
  });
});

describe("/forgot-username and /order-password", () => {
  it("a reminder names only the accounts whose organisation offers that channel", async () => {
    const phone = uniqueMobile();
    const byEmail = await insertMember(h.db, { licence: "400", phone });
    const bySms = await insertMember(h.db, { licence: "401", phone, email: byEmail.email });
    expect(await remindUsernames(h.db, { contact: phone }, ctx())).toEqual({ ok: true });
    const sms = await firstOf(h.db.select().from(outbox).where(eq(outbox.recipient, phone)), "the SMS");
    expect(sms.props.identifiers).toEqual([bySms.identifier]);
    expect(await remindUsernames(h.db, { contact: byEmail.email }, ctx())).toEqual({ ok: true });
    const mail = await firstOf(h.db.select().from(outbox).where(eq(outbox.recipient, byEmail.email)), "the e-mail");
    expect((mail.props.accounts as { identifier: string }[]).map((a) => a.identifier)).toEqual([byEmail.identifier]);
    // An SMS-only member alone on an address gets nothing there.
    const alone = await insertMember(h.db, { licence: "401" });
    expect(await remindUsernames(h.db, { contact: alone.email }, ctx())).toEqual({ ok: true });
    expect(await outboxOf(h.db, alone.user.id)).toEqual([]);
  });

  it("a link goes only to accounts whose organisation offers e-mail", async () => {
    await h.db.update(organizations).set({ revealUnknownAccounts: false }).where(eq(organizations.isDefault, true));
    try {
      const byEmail = await insertMember(h.db, { licence: "400" });
      const bySms = await insertMember(h.db, { licence: "401", email: byEmail.email });
      expect(await orderResetLink(h.db, { email: byEmail.email }, ctx())).toEqual({
        ok: true,
        answer: "generic",
      });
      const mail = await firstOf(h.db.select().from(outbox).where(eq(outbox.recipient, byEmail.email)), "the e-mail");
      expect((mail.props.accounts as { identifier: string }[]).map((a) => a.identifier)).toEqual([byEmail.identifier]);
      expect(await outboxOf(h.db, bySms.user.id)).toEqual([]);
    } finally {
      await h.db.update(organizations).set({ revealUnknownAccounts: true }).where(eq(organizations.isDefault, true));
    }
  });
});

describe("org:create", () => {
  it("takes the recovery methods; refuses unknown ones and an empty list; e-mail and SMS by default", async () => {
    expect(await createOrganization(h.db, { licence: "402", name: "X", recoveryMethods: ["email", "fax"] })).toEqual({
      ok: false,
      errors: { recoveryMethods: "invalid" },
    });
    expect(await createOrganization(h.db, { licence: "402", name: "X", recoveryMethods: [] })).toEqual({
      ok: false,
      errors: { recoveryMethods: "invalid" },
    });
    expect(await createOrganization(h.db, { licence: "402", name: "X" })).toMatchObject({ ok: true });
    const org = await h.organization("402");
    expect(org.recoveryMethods).toEqual(["email", "sms"]);
    const emailOnly = await firstOf(
      h.db.select().from(organizations).where(eq(organizations.licence, "400")),
      "emailOnly",
    );
    expect(emailOnly.recoveryMethods).toEqual(["email"]);
  });
});
