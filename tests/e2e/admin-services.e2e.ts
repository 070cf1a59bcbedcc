import { eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, oidcClients } from "@/lib/db/schema";
import { clientSecretMatches } from "@/lib/oidc/client-secret";
import { tabTo } from "./helpers/accounts";
import { withDb } from "./helpers/admin-db";
import { expectNoAxeViolations, launchChromium, newContext, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

async function asAdmin(opts: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, opts);
  const page = await context.newPage();
  await signIn(page, "admin@123");
  return { context, page };
}

const serviceRow = (clientId: string) =>
  withDb(async (db) => (await db.select().from(oidcClients).where(eq(oidcClients.clientId, clientId)))[0]);

/** The value of the read-only secret field, and that it is the only place the page shows it. */
async function shownSecret(page: Page): Promise<string> {
  await page.locator("#client-secret").waitFor();
  const secret = await page.locator("#client-secret").inputValue();
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(await page.locator("#secret-heading").textContent()).toBe("Kopioi asiakassalaisuus nyt");
  expect(await page.locator("#secret").textContent()).toContain("Salaisuus näytetään vain tämän kerran.");
  return secret;
}

let run = 0;

describe.each([true, false])("services at /admin/services as admin@123, JavaScript %s", (javaScriptEnabled) => {
  const axe = (page: Page) => (javaScriptEnabled ? expectNoAxeViolations(page) : Promise.resolve());

  // One service's whole life, with axe on each of its page states: longer than one page's test.
  it(
    "registers a confidential service, shows its secret once, edits it, gives it a new secret, removes it",
    { timeout: 180_000 },
    async () => {
      const { context, page } = await asAdmin({ javaScriptEnabled });
      const name = `Jäsenpalvelu ${Date.now().toString(36)}${run++}`;

      // The list, through the admin navigation.
      await page.goto("/admin");
      await page.getByRole("navigation", { name: "Ylläpito" }).getByRole("link", { name: "Palvelut" }).click();
      await page.waitForURL((u) => u.pathname === "/admin/services");
      expect(await page.locator("h1").textContent()).toBe("Palvelut");
      await axe(page);

      // Refused first: no name, an http address, a fragment: each named on its field, nothing written.
      await page.getByRole("link", { name: "Uusi palvelu" }).click();
      await page.waitForURL((u) => u.pathname === "/admin/services/new");
      expect(await page.locator("h1").textContent()).toBe("Uusi palvelu");
      await axe(page);
      const before = await withDb(async (db) => (await db.select().from(oidcClients)).length);
      await page.locator("#redirectUris").fill("https://jasenet.example.fi/cb\nhttp://jasenet.example.fi/cb");
      await page.locator("#homeUrl").fill("https://jasenet.example.fi/#alku");
      await page.getByRole("button", { name: "Rekisteröi palvelu" }).click();
      await page.locator("#name-error").waitFor();
      expect(await page.locator("#name-error").textContent()).toBe("Anna palvelun nimi.");
      expect(await page.locator("#redirectUris-error").textContent()).toBe(
        "Rivi 2: Käytä https-osoitetta. Tavallinen http käy vain kehitysympäristössä osoitteille localhost ja 127.0.0.1.",
      );
      expect(await page.locator("#homeUrl-error").textContent()).toBe(
        "Osoitteessa ei saa olla #-merkkiä eikä sen jälkeistä osaa.",
      );
      // What was typed is put back.
      expect(await page.locator("#redirectUris").inputValue()).toBe(
        "https://jasenet.example.fi/cb\nhttp://jasenet.example.fi/cb",
      );
      await axe(page);
      expect(await withDb(async (db) => (await db.select().from(oidcClients)).length)).toBe(before);

      await page.locator("#name").fill(name);
      await page.locator("#homeUrl").fill("https://jasenet.example.fi/");
      await page.locator("#redirectUris").fill("https://jasenet.example.fi/cb\nhttp://localhost:4000/cb");
      await page.locator("#postLogoutRedirectUris").fill("https://jasenet.example.fi/");
      await page.locator("#scope_membership").check();
      await page.locator("#firstParty").check();
      await page.getByRole("button", { name: "Rekisteröi palvelu" }).click();

      // The secret, once, with the client_id.
      const secret = await shownSecret(page);
      const clientId = await page.locator("#created-client-id").inputValue();
      expect(clientId).toMatch(/^tunnus-/);
      expect(await page.getByRole("status").first().textContent()).toBe("Palvelu on rekisteröity.");
      expect(page.url()).not.toContain(secret);
      await axe(page);
      const row = await serviceRow(clientId);
      expect(row).toMatchObject({
        name,
        kind: "confidential",
        tokenEndpointAuthMethod: "client_secret_basic",
        firstParty: true,
        redirectUris: ["https://jasenet.example.fi/cb", "http://localhost:4000/cb"],
        scopes: ["openid", "profile", "email", "membership"],
      });
      expect(clientSecretMatches(row?.secretHash, secret)).toBe(true);
      expect(row?.secretHash).not.toBe(secret);

      // Never again: not on its page, not in the list.
      await page.getByRole("link", { name: "Siirry palvelun sivulle" }).click();
      await page.waitForURL((u) => /^\/admin\/services\/[0-9a-f-]{36}$/.test(u.pathname));
      const servicePath = new URL(page.url()).pathname;
      expect(await page.locator("h1").textContent()).toBe(name);
      expect(await page.content()).not.toContain(secret);
      expect(await page.locator("main dl").textContent()).toContain(clientId);
      await axe(page);
      await page.goto("/admin/services");
      expect(await page.content()).not.toContain(secret);
      const listed = page.locator("main table tr", { hasText: name });
      expect(await listed.textContent()).toContain(clientId);
      expect(await listed.textContent()).toContain("Luottamuksellinen");
      expect(await listed.textContent()).toContain("https://jasenet.example.fi/cb");

      // Edit: a refused change first, then a saved one.
      await listed.getByRole("link", { name }).click();
      await page.waitForURL((u) => u.pathname === servicePath);
      await page.locator("#redirectUris").fill("https://*.example.fi/cb");
      await page.getByRole("button", { name: "Tallenna muutokset" }).click();
      await page.locator("#redirectUris-error").waitFor();
      expect(await page.locator("#redirectUris-error").textContent()).toBe(
        "Rivi 1: Osoitteessa ei saa olla tähteä (*): anna jokainen osoite kokonaan.",
      );
      await axe(page);
      await page.locator("#redirectUris").fill("https://jasenet.example.fi/uusi-cb");
      await page.locator("#name").fill(`${name} 2`);
      await page.locator("#idTokenAlg").selectOption("ES256");
      await page.getByRole("button", { name: "Tallenna muutokset" }).click();
      await page.waitForURL((u) => u.searchParams.get("saved") === "1");
      expect(await page.getByRole("status").first().textContent()).toBe("Muutokset on tallennettu.");
      expect(await page.locator("h1").textContent()).toBe(`${name} 2`);
      expect(await page.locator("#redirectUris").inputValue()).toBe("https://jasenet.example.fi/uusi-cb");
      await axe(page);
      expect(await serviceRow(clientId)).toMatchObject({
        name: `${name} 2`,
        redirectUris: ["https://jasenet.example.fi/uusi-cb"],
        idTokenAlg: "ES256",
        secretHash: row?.secretHash,
      });

      // A new secret: confirmed, shown once; the old one stops matching.
      await page.getByRole("link", { name: "Luo uusi asiakassalaisuus" }).click();
      await page.locator("#confirm").waitFor();
      expect(await page.locator("#confirm").textContent()).toContain("Vanha salaisuus lakkaa toimimasta heti");
      await axe(page);
      await page.getByRole("button", { name: "Kyllä, luo uusi salaisuus" }).click();
      const rotated = await shownSecret(page);
      expect(rotated).not.toBe(secret);
      expect(await page.getByRole("status").first().textContent()).toBe(
        "Uusi asiakassalaisuus on luotu. Vanha ei enää toimi.",
      );
      await axe(page);
      const afterRotation = await serviceRow(clientId);
      expect(clientSecretMatches(afterRotation?.secretHash, rotated)).toBe(true);
      expect(clientSecretMatches(afterRotation?.secretHash, secret)).toBe(false);
      await page.goto(servicePath);
      expect(await page.content()).not.toContain(rotated);

      // Removal: confirmed; cancelling first changes nothing.
      await page.getByRole("link", { name: "Poista palvelu" }).click();
      await page.locator("#confirm").waitFor();
      await axe(page);
      await page.locator("#confirm").getByRole("link", { name: "Peruuta" }).click();
      await page.waitForURL((u) => u.pathname === servicePath && !u.search);
      expect(await serviceRow(clientId)).toBeDefined();
      await page.getByRole("link", { name: "Poista palvelu" }).click();
      await page.locator("#confirm").waitFor();
      await page.getByRole("button", { name: "Kyllä, poista palvelu" }).click();
      await page.waitForURL((u) => u.pathname === "/admin/services" && u.searchParams.get("deleted") === "1");
      expect(await page.getByRole("status").first().textContent()).toBe(
        "Palvelu on poistettu. Sen kirjautumiset ja tunnisteet eivät enää toimi.",
      );
      expect(await page.locator("main").textContent()).not.toContain(name);
      await axe(page);
      expect(await serviceRow(clientId)).toBeUndefined();

      // Every step audited with this administrator; no secret in any of it.
      const events = await withDb(async (db) =>
        (await db.select().from(auditEvents))
          .filter((e) => (e.details as { clientId?: string } | null)?.clientId === clientId)
          .map((e) => e.event),
      );
      expect(events.sort()).toEqual(
        ["oidc.client_created", "oidc.client_deleted", "oidc.client_secret_rotated", "oidc.client_updated"].sort(),
      );
      const allAudit = JSON.stringify(await withDb((db) => db.select().from(auditEvents)));
      expect(allAudit).not.toContain(secret);
      expect(allAudit).not.toContain(rotated);
      await context.close();
    },
  );

  it("registers a public service: no secret to show, and no new secret offered", async () => {
    const { context, page } = await asAdmin({ javaScriptEnabled });
    const name = `Mobiilisovellus ${Date.now().toString(36)}${run++}`;
    await page.goto("/admin/services/new");
    await page.locator("#name").fill(name);
    await page.locator("#redirectUris").fill("https://app.example.fi/callback");
    await page.getByLabel("Julkinen: selain- tai mobiilisovellus, jolla ei ole salaisuutta (PKCE)").check();
    await page.getByRole("button", { name: "Rekisteröi palvelu" }).click();
    await page.getByRole("link", { name: "Siirry palvelun sivulle" }).waitFor();
    expect(await page.locator("#client-secret").count()).toBe(0);
    expect(await page.locator("main").textContent()).toContain("Julkisella palvelulla ei ole salaisuutta.");
    await axe(page);
    await page.getByRole("link", { name: "Siirry palvelun sivulle" }).click();
    await page.waitForURL((u) => /^\/admin\/services\/[0-9a-f-]{36}$/.test(u.pathname));
    expect(await page.getByRole("link", { name: "Luo uusi asiakassalaisuus" }).count()).toBe(0);
    expect(await page.locator("main dl").textContent()).toContain("Ei salaisuutta: julkinen palvelu (PKCE)");
    // Asked for anyway, the confirmation is not offered.
    await page.goto(`${new URL(page.url()).pathname}?confirm=rotate`);
    expect(await page.locator("#confirm").count()).toBe(0);
    await context.close();
  });
});

describe("services by keyboard alone", () => {
  it("registers a service: Tab through the form, type, Space for a box, Enter", async () => {
    const { context, page } = await asAdmin();
    const name = `Näppäinpalvelu ${Date.now().toString(36)}`;
    await page.goto("/admin/services");
    await tabTo(page, (el) => el.tag === "a" && el.text === "Uusi palvelu");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === "/admin/services/new");
    await tabTo(page, (el) => el.id === "name");
    await page.keyboard.type(name);
    await tabTo(page, (el) => el.id === "redirectUris");
    await page.keyboard.type("https://nappain.example.fi/cb");
    await tabTo(page, (el) => el.id === "scope_phone");
    await page.keyboard.press("Space");
    await tabTo(page, (el) => el.tag === "button" && el.text === "Rekisteröi palvelu");
    await page.keyboard.press("Enter");
    const secret = await shownSecret(page);
    const clientId = await page.locator("#created-client-id").inputValue();
    expect(await serviceRow(clientId)).toMatchObject({
      name,
      scopes: ["openid", "profile", "email", "phone"],
    });
    expect(clientSecretMatches((await serviceRow(clientId))?.secretHash, secret)).toBe(true);
    await context.close();
  });
});
