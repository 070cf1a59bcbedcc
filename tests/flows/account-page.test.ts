import { describe, expect, it } from "vitest";
import { requestContactCode } from "@/lib/flows/account/contact-verification";
import { loadAccountPage } from "@/lib/flows/account/page";
import { revokeOwnSession } from "@/lib/flows/account/sessions";
import { linkExternalAccount } from "@/lib/flows/external/links";
import { createSession } from "@/lib/session/sessions";
import { seededTestDb } from "../helpers/db";
import { sessionTimes, userByEmail } from "../helpers/fixtures";
import { activeMember, IPHONE, uniqueMobile } from "../helpers/members";

/** /account's view model: everything the page shows, read in one loader from the signed-in person. */
const h = seededTestDb();

let n = 0;
const ctx = () => ({ now: new Date(), ip: `192.0.2.${++n}`, userAgent: "vitest" });
const load = (m: Awaited<ReturnType<typeof activeMember>>) => loadAccountPage(h.db, m, new Date());

describe("loadAccountPage", () => {
  it("shows the person's details, contacts and devices; a fresh password sign-in needs no password again", async () => {
    const m = await activeMember(h.db, { phone: uniqueMobile() });
    const view = await load(m);
    expect(view).toMatchObject({
      identifier: m.identifier,
      organizationName: m.organization.name,
      displayName: "Jaana Jäsen",
      isAdmin: false,
      language: "fi",
      minPasswordLength: m.organization.minPasswordLength,
      needsPassword: false,
      email: { current: m.email, verified: true, pending: null },
      phone: { current: m.user.phone, verified: true, pending: null },
      linked: [],
    });
    expect(view.sessions).toHaveLength(1);
    expect(view.sessions[0]).toMatchObject({ current: true, browser: "Firefox 140", method: "password" });
  });

  it("names the codes waiting for a new address and number", async () => {
    const m = await activeMember(h.db);
    const phone = uniqueMobile();
    expect(
      (await requestContactCode(h.db, { user: m.user, channel: "email", value: "uusi.osoite@example.com" }, ctx())).ok,
    ).toBe(true);
    expect((await requestContactCode(h.db, { user: m.user, channel: "phone", value: phone }, ctx())).ok).toBe(true);
    const view = await load(m);
    expect(view.email).toEqual({ current: m.email, verified: true, pending: "uusi.osoite@example.com" });
    expect(view.phone).toEqual({ current: null, verified: false, pending: phone });
  });

  it("asks for the password again after 10 minutes, and after a sign-in through an outside account", async () => {
    expect((await load(await activeMember(h.db, { minutesAgo: 11 }))).needsPassword).toBe(true);
    expect((await load(await activeMember(h.db, { method: "google" }))).needsPassword).toBe(true);
  });

  it("lists the linked outside accounts", async () => {
    const m = await activeMember(h.db);
    const outside = { provider: "oidc", providerAccountId: `sub-${m.user.id}`, label: "jaana@idp.example" };
    expect(
      (await linkExternalAccount(h.db, { userId: m.user.id, sessionId: m.sessionId, outside, sessionTimes }, ctx())).ok,
    ).toBe(true);
    expect((await load(m)).linked).toMatchObject([{ provider: "oidc", label: "jaana@idp.example" }]);
  });

  it("names every device by a handle the revoke step takes back, never by its session id", async () => {
    const m = await activeMember(h.db);
    const other = await createSession(h.db, {
      userId: m.user.id,
      now: new Date(),
      times: sessionTimes,
      userAgent: IPHONE,
      ip: "198.51.100.9",
    });
    const view = await load(m);
    expect(view.sessions).toHaveLength(2);
    const shown = JSON.stringify(view);
    expect(shown).not.toContain(m.sessionId);
    expect(shown).not.toContain(other);
    const phone = view.sessions.find((s) => !s.current)!;
    expect(phone).toMatchObject({ browser: "Safari 18", ip: "198.51.100.9" });
    // The handle's key stays in lib: the page passes none, and neither does the action.
    expect(
      await revokeOwnSession(h.db, { user: m.user, handle: phone.handle, currentSessionId: m.sessionId }, ctx()),
    ).toEqual({ ok: true });
    expect((await load(m)).sessions.map((s) => s.current)).toEqual([true]);
  });

  it("marks an administrator", async () => {
    const admin = await userByEmail(h.db, "admin@example.com");
    const m = await activeMember(h.db);
    const sessionId = await createSession(h.db, { userId: admin.id, now: new Date(), times: sessionTimes });
    const view = await loadAccountPage(h.db, { user: admin, organization: m.organization, sessionId }, new Date());
    expect(view).toMatchObject({ isAdmin: true, identifier: "admin@123" });
  });
});
