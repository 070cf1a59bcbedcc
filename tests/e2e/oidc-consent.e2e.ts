import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/lib/db/embedded-server";
import { oidcClients, organizations } from "@/lib/db/schema";
import { startDemoService } from "@/scripts/demo-service";
import { firstOf } from "../helpers/fixtures";
import { withDb } from "./helpers/admin-db";
import { baseURL, DEMO_PASSWORD, expectNoAxeViolations, launchChromium, newContext } from "./helpers/browser";

/**
 * A third-party service (not marked first-party by the operator): the consent page the first time,
 * in the person's language, by keyboard and without JavaScript; a person of another organisation
 * is told they cannot sign in to it.
 */

let browser: Browser;
let service: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  browser = await launchChromium();
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const clientId = `e2e-partner-${randomBytes(6).toString("hex")}`;
  await withDb(async (db) => {
    const demoOy = await firstOf(db.select().from(organizations).where(eq(organizations.licence, "123")), "Demo Oy");
    await db.insert(oidcClients).values({
      clientId,
      organizationId: demoOy.id,
      name: "Kumppanin verkkokauppa",
      redirectUris: [`${url}/callback`],
      postLogoutRedirectUris: [`${url}/signed-out`],
      kind: "public",
      tokenEndpointAuthMethod: "none",
      firstParty: false,
      // What the sample service asks for.
      scopes: ["openid", "profile", "email", "phone", "membership"],
    });
  });
  service = await startDemoService({ port, issuer: baseURL(), clientId });
});
afterAll(async () => {
  await withDb((db) => db.delete(oidcClients).where(eq(oidcClients.name, "Kumppanin verkkokauppa")));
  await service?.stop();
  await browser?.close();
});

async function signInFromService(page: Page, identifier: string) {
  await page.goto(service.url);
  await page.getByRole("link", { name: "Kirjaudu", exact: true }).click();
  await page.waitForURL((u) => u.origin === baseURL() && u.pathname === "/login");
  await page.locator("#identifier").fill(identifier);
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.locator("form:has(#identifier) button[type=submit]").click();
}

describe("a third-party service's sign-in, in Chromium", () => {
  it("asks for consent once, in Finnish, by keyboard; axe finds nothing", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInFromService(page, "maija@123");
    await page.waitForURL((u) => u.origin === baseURL() && u.pathname.startsWith("/authorize/"));
    expect(await page.locator("h1").textContent()).toBe("Palvelu Kumppanin verkkokauppa pyytää tietojasi");
    const asked = await page.locator("main li").allTextContents();
    expect(asked).toEqual(
      expect.arrayContaining(["Nimesi, käyttäjätunnuksesi ja kielesi", "Vahvistettu sähköpostiosoitteesi"]),
    );
    await expectNoAxeViolations(page);
    // Keyboard only: Tab to "Hyväksy", Enter.
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate(() => document.activeElement?.textContent)) === "Hyväksy") break;
    }
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.origin === service.url && u.pathname === "/");
    expect(await page.locator('dd[data-claim="preferred_username"]').textContent()).toBe("maija@123");

    // Once given: the next sign-in to it asks nothing.
    await context.clearCookies({ name: "demo_session" });
    await page.goto(service.url);
    await page.getByRole("link", { name: "Kirjaudu", exact: true }).click();
    await page.waitForURL((u) => u.origin === service.url && u.pathname === "/");
    await context.close();
  });

  it("works without JavaScript, in the person's own language (Erik's Swedish), and a refusal goes back", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signInFromService(page, "erik@123");
    await page.waitForURL((u) => u.origin === baseURL() && u.pathname.startsWith("/authorize/"));
    expect(await page.locator("html").getAttribute("lang")).toBe("sv");
    expect(await page.locator("h1").textContent()).toBe("Tjänsten Kumppanin verkkokauppa ber om dina uppgifter");
    await page.getByRole("button", { name: "Godkänn inte" }).click();
    await page.waitForURL((u) => u.origin === service.url);
    expect(await page.locator("body").textContent()).toContain("access_denied");
    await context.close();
  });

  it("tells a person of another organisation that they cannot sign in to it", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInFromService(page, "10001@200");
    await page.waitForURL((u) => u.origin === baseURL() && u.pathname.startsWith("/oidc/interaction/"));
    expect(await page.locator("h1").textContent()).toBe(
      "Tällä tunnuksella ei voi kirjautua palveluun Kumppanin verkkokauppa",
    );
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Palaa palveluun" }).click();
    await page.waitForURL((u) => u.origin === service.url);
    expect(await page.locator("body").textContent()).toContain("access_denied");
    await context.close();
  });
});
