import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, oneTimeTokens, outbox, users } from "@/lib/db/schema";
import { createUser, resendActivation } from "@/lib/flows/admin/users";
import { checkLinkToken } from "@/lib/tokens/tokens";
import { seededTestDb } from "../helpers/db";
import { secretFromUrl, messageTo, userByEmail } from "../helpers/fixtures";
import { userById } from "../helpers/members";

const h = seededTestDb();

const ctx = () => ({ now: new Date(), actor: { userId: null }, appOrigin: "https://tunnus.example" });
const counts = () => h.counts({ users, outbox, tokens: oneTimeTokens });

describe("createUser", () => {
  it("creates an invited user with a 7-day link and queues the activation e-mail, audited", async () => {
    const result = await createUser(
      h.db,
      {
        licence: "123",
        identifier: "Pekka",
        displayName: "Pekka Puupää",
        email: " Pekka@Example.com ",
        phone: "040 765 4321",
        language: "sv",
      },
      ctx(),
    );
    expect(result).toMatchObject({ ok: true, identifier: "Pekka@123" });
    if (!result.ok) throw new Error("unreachable");
    const [user] = await h.db.select().from(users).where(eq(users.id, result.userId));
    expect(user).toMatchObject({
      status: "invited",
      email: "pekka@example.com",
      phone: "+358407654321",
      language: "sv",
      passwordHash: null,
      role: "member",
    });
    const message = await messageTo(h.db, "pekka@example.com");
    expect(message).toMatchObject({
      template: "ActivationEmail",
      language: "sv",
      status: "pending",
      userId: result.userId,
    });
    expect(message.props).toMatchObject({
      username: "Pekka@123",
      organizationName: "Demo Oy",
      expiresInMinutes: 10080,
    });
    const url = String(message.props.activationUrl);
    expect(url).toMatch(/^https:\/\/tunnus\.example\/activate\/[A-Za-z0-9_-]{43}$/);
    const link = await checkLinkToken(
      h.db,
      secretFromUrl(url),
      "activation",
      new Date(Date.now() + 7 * 86400_000 - 60_000),
    );
    expect(link).toMatchObject({ ok: true, userId: result.userId });
    const [audit] = await h.db.select().from(auditEvents).where(eq(auditEvents.subjectUserId, result.userId));
    expect(audit).toMatchObject({ event: "user.created", details: { role: "member", by: "operator" } });
  });

  it("uses membership numbers in an organisation of membership numbers, and --admin", async () => {
    const result = await createUser(
      h.db,
      { licence: "200", identifier: "10003", email: "kolmas@example.com", role: "admin" },
      ctx(),
    );
    expect(result).toMatchObject({ ok: true, identifier: "10003" });
    const [user] = await h.db.select().from(users).where(eq(users.email, "kolmas@example.com"));
    expect(user).toMatchObject({ username: null, membershipNumber: "10003", role: "admin" });
  });

  it("refuses a duplicate within the organisation, in any case, and changes nothing", async () => {
    const before = await counts();
    expect(await createUser(h.db, { licence: "123", identifier: "MAIJA", email: "x@example.com" }, ctx())).toEqual({
      ok: false,
      errors: { identifier: "duplicate" },
    });
    expect(await createUser(h.db, { licence: "200", identifier: "10001", email: "x@example.com" }, ctx())).toEqual({
      ok: false,
      errors: { identifier: "duplicate" },
    });
    expect(await counts()).toEqual(before);
    // The same name in another organisation is another person.
    expect(
      await createUser(h.db, { licence: "200", identifier: "10099", email: "maija@example.com" }, ctx()),
    ).toMatchObject({ ok: true });
  });

  it("two simultaneous creations of one name give one account", async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => createUser(h.db, { licence: "123", identifier: "samaan", email: "s@example.com" }, ctx())),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, errors: { identifier: "duplicate" } },
      { ok: false, errors: { identifier: "duplicate" } },
    ]);
  });

  it.each([
    [{ email: "not-an-address" }, { email: "invalid" }],
    [{ email: "" }, { email: "empty" }],
    [{ email: `${"a".repeat(10_000)}@example.com` }, { email: "tooLong" }],
    [{ phone: "12345" }, { phone: "invalid" }],
    [{ phone: "+358 40 123 4567; DROP TABLE users" }, { phone: "invalid" }],
    [{ phone: "9".repeat(10_000) }, { phone: "tooLong" }],
    [{ identifier: "" }, { identifier: "empty" }],
    [{ identifier: "a".repeat(10_000) }, { identifier: "tooLong" }],
    [{ identifier: "<script>" }, { identifier: "invalid" }],
    [{ identifier: "x@123" }, { identifier: "invalid" }],
    [{ identifier: "robert'); DROP TABLE users;--" }, { identifier: "invalid" }],
    [{ identifier: "ab\u0000c" }, { identifier: "invalid" }],
    [{ displayName: "<img src=x onerror=alert(1)>" }, { displayName: "invalid" }],
    [{ displayName: "n".repeat(10_000) }, { displayName: "tooLong" }],
    [{ displayName: "Line\nbreak" }, { displayName: "invalid" }],
    [{ language: "de" }, { language: "invalid" }],
    [{ licence: "999" }, { licence: "unknownOrganization" }],
  ])("refuses %j with %j and stores nothing", async (override, errors) => {
    const before = await counts();
    const result = await createUser(
      h.db,
      { licence: "123", identifier: "uusihenkilo", email: "uusi.henkilo@example.com", ...override },
      ctx(),
    );
    expect(result).toEqual({ ok: false, errors });
    expect(await counts()).toEqual(before);
  });
});

describe("resendActivation", () => {
  it("voids the old link and sends a new one", async () => {
    const created = await createUser(
      h.db,
      { licence: "123", identifier: "toinen", email: "toinen@example.com" },
      ctx(),
    );
    if (!created.ok) throw new Error("unreachable");
    const oldSecret = secretFromUrl((await messageTo(h.db, "toinen@example.com")).props.activationUrl);
    const user = await userById(h.db, created.userId);
    await new Promise((r) => setTimeout(r, 5));
    expect(await resendActivation(h.db, { organizationId: user.organizationId, userId: user.id }, ctx())).toEqual({
      ok: true,
    });
    const newSecret = secretFromUrl((await messageTo(h.db, "toinen@example.com")).props.activationUrl);
    expect(newSecret).not.toBe(oldSecret);
    expect(await checkLinkToken(h.db, oldSecret, "activation", new Date())).toMatchObject({
      ok: false,
      reason: "used",
    });
    expect(await checkLinkToken(h.db, newSecret, "activation", new Date())).toMatchObject({ ok: true });
  });

  it("refuses an active account and another organisation's user", async () => {
    const maija = await userByEmail(h.db, "maija@example.com");
    expect(await resendActivation(h.db, { organizationId: maija.organizationId, userId: maija.id }, ctx())).toEqual({
      ok: false,
      reason: "notInvited",
    });
    const jasen = await userByEmail(h.db, "uusi.jasen@example.com");
    expect(await resendActivation(h.db, { organizationId: maija.organizationId, userId: jasen.id }, ctx())).toEqual({
      ok: false,
      reason: "notFound",
    });
  });
});
