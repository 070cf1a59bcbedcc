import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSampleService } from "./helpers/sample-service";
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
  service = await startSampleService({ name: "Kumppanin verkkokauppa", firstParty: false });
});
afterAll(async () => {
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
