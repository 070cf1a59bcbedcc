import { and, eq, inArray } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, oidcClients, oidcConnections } from "@/lib/db/schema";
import { userByEmail } from "../helpers/fixtures";
import { insertConnection, insertGrant, insertService, rowsOfGrant } from "../helpers/oidc-rows";
import { createActiveMember } from "./helpers/accounts";
import { expectNoAxeViolations, launchChromium, newContext, signIn } from "./helpers/browser";
import { withDb } from "./helpers/identity";

/** "Palvelut, joihin olet kirjautunut" and "Siirry palveluun" on /account, with the rows the provider would write. */
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
// The services made here are Demo Oy's: removed afterwards, so other files' pages stay as they were.
const made: string[] = [];
afterAll(async () => {
  await browser.close();
  if (made.length > 0) await withDb((db) => db.delete(oidcClients).where(inArray(oidcClients.id, made)));
});

const PASSWORD = "vanha salasana joka unohtui";
const GRANT_AND_TOKENS = ["AccessToken", "AuthorizationCode", "Grant", "RefreshToken"];
const time = (d: Date) =>
  new Intl.DateTimeFormat("fi", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Helsinki" }).format(d);
let n = 0;

/**
 * A new member of Demo Oy who has used two services (each with a grant, tokens and a connection),
 * and a third service they have not used; two of the three have a front page.
 */
async function memberWithServices() {
  const member = await createActiveMember();
  const tag = `${Date.now().toString(36)}${n++}`;
  const lastUsed = new Date(Date.now() - 3 * 3600_000);
  return withDb(async (db) => {
    const user = await userByEmail(db, member.email);
    const org = user.organizationId;
    const members = await insertService(db, {
      organizationId: org,
      name: `Jäsenpalvelu ${tag}`,
      homeUrl: "https://jasen.example/",
    });
    const shop = await insertService(db, { organizationId: org, name: `Kauppa ${tag}`, homeUrl: null });
    const learning = await insertService(db, {
      organizationId: org,
      name: `Verkkokoulu ${tag}`,
      homeUrl: "https://oppi.example/",
    });
    made.push(members.id, shop.id, learning.id);
    await insertConnection(db, { userId: user.id, clientRowId: members.id, last: lastUsed });
    await insertConnection(db, { userId: user.id, clientRowId: shop.id, scopes: ["openid", "email"] });
    const grants = {
      members: await insertGrant(db, { subject: user.oidcSubject, clientId: members.clientId }),
      shop: await insertGrant(db, { subject: user.oidcSubject, clientId: shop.clientId }),
    };
    return { member, user, members, shop, learning, grants, lastUsed };
  });
}

const connectedNames = (page: Page) => page.locator("#services li h3").allTextContents();

describe.each([true, false])("my services, JavaScript %s", (javaScriptEnabled) => {
  it("lists the services used and those to go to, and withdraws one: its grant and tokens go, the other's stay", async () => {
    const s = await memberWithServices();
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    await signIn(page, s.member.identifier, PASSWORD);

    expect(await page.locator("#services-heading").textContent()).toBe("Palvelut, joihin olet kirjautunut");
    // Most recently used first; the last use in the page's language, as the device list writes it.
    expect(await connectedNames(page)).toEqual([s.shop.name, s.members.name]);
    const membersItem = page.locator("#services li", { hasText: s.members.name });
    expect(await membersItem.textContent()).toContain(`Viimeksi käytetty: ${time(s.lastUsed)}`);
    expect(await membersItem.textContent()).toContain(
      "Palvelu saa: perustietosi (nimi, käyttäjätunnus, kieli) ja sähköpostiosoitteesi",
    );
    // The organisation's services with a front page, used or not, each link named with its service.
    const go = page.locator("#organisation-services");
    expect(await go.getByRole("link", { name: `Siirry palveluun: ${s.learning.name}` }).getAttribute("href")).toBe(
      "https://oppi.example/",
    );
    expect(await go.getByRole("link", { name: `Siirry palveluun: ${s.members.name}` }).count()).toBe(1);
    expect(await go.textContent()).not.toContain(s.shop.name);
    if (javaScriptEnabled) await expectNoAxeViolations(page);

    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: `Peru pääsy: ${s.members.name}`, exact: true }).click(),
    ]);
    await page.waitForLoadState("load");
    await page.getByText(`Palvelu ${s.members.name} ei enää pääse tietoihisi; kirjaudut siihen uudelleen`).waitFor();
    expect(await connectedNames(page)).toEqual([s.shop.name]);
    // Still a service of the organisation: it can be gone to, and signed in to again.
    expect(await go.getByRole("link", { name: `Siirry palveluun: ${s.members.name}` }).count()).toBe(1);
    if (javaScriptEnabled) await expectNoAxeViolations(page);

    await withDb(async (db) => {
      expect(await rowsOfGrant(db, s.grants.members)).toEqual([]);
      expect(await rowsOfGrant(db, s.grants.shop)).toEqual(GRANT_AND_TOKENS);
      const connections = await db.select().from(oidcConnections).where(eq(oidcConnections.userId, s.user.id));
      expect(connections.map((c) => c.clientId)).toEqual([s.shop.id]);
      const audit = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.event, "oidc.withdrawn"), eq(auditEvents.subjectUserId, s.user.id)));
      expect(audit.map((a) => a.details)).toEqual([
        { clientId: s.members.clientId, clientName: s.members.name, grantsRevoked: 1 },
      ]);
    });

    // The last one: the list says none are left.
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: `Peru pääsy: ${s.shop.name}`, exact: true }).click(),
    ]);
    await page.waitForLoadState("load");
    await page.getByText(`Palvelu ${s.shop.name} ei enää pääse tietoihisi`).waitFor();
    await page.getByText("Et ole vielä kirjautunut Tunnuksella yhteenkään palveluun.").waitFor();
    await context.close();
  });
});

describe("my services by keyboard alone", () => {
  it("reaches 'Peru pääsy' of the service by Tab, withdraws it with Enter, and lands on the confirmation", async () => {
    const s = await memberWithServices();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, s.member.identifier, PASSWORD);
    const label = `Peru pääsy: ${s.members.name}`;
    let reached = false;
    for (let i = 0; i < 150 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate((l) => document.activeElement?.getAttribute("aria-label") === l, label);
    }
    expect(reached).toBe(true);
    await page.keyboard.press("Enter");
    const notice = page.getByText(`Palvelu ${s.members.name} ei enää pääse tietoihisi`);
    await notice.waitFor();
    // The button that had focus has gone with its row: focus is on the confirmation, not lost.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("status");
    expect(await connectedNames(page)).toEqual([s.shop.name]);
    await withDb(async (db) => expect(await rowsOfGrant(db, s.grants.members)).toEqual([]));
    await context.close();
  });
});

describe("a member without services", () => {
  it("sees both lists' empty states in their language", async () => {
    const member = await createActiveMember({ licence: "200", lang: "sv" });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, member.identifier, PASSWORD);
    expect(await page.locator("#services").textContent()).toContain(
      "Du har ännu inte loggat in på någon tjänst med Tunnus.",
    );
    expect(await page.locator("#organisation-services").textContent()).toContain(
      "Din organisation har ännu inga tjänster som du kan gå till härifrån.",
    );
    await expectNoAxeViolations(page);
    await context.close();
  });
});
