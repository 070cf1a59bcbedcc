import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSampleService } from "./helpers/sample-service";
import { baseURL, DEMO_PASSWORD, expectNoAxeViolations, launchChromium, newContext } from "./helpers/browser";

/**
 * A service signs its people in with Tunnus: the sample service of `npm run demo:service`
 * (scripts/demo-service.ts, openid-client) on a port of its own, registered for Demo Oy in the
 * test server's database, driven in Chromium from "Kirjaudu" to signed out again.
 */

let browser: Browser;
let service: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  browser = await launchChromium();
  service = await startSampleService({ name: "Demo-jäsenpalvelu", firstParty: true, homeUrl: true });
});
afterAll(async () => {
  await service?.stop();
  await browser?.close();
});

const atService = (path: string) => (u: URL) => u.origin === service.url && u.pathname === path;
const atTunnus = (path: string) => (u: URL) => u.origin === baseURL() && u.pathname === path;
const claim = (page: Page, name: string) => page.locator(`dd[data-claim="${name}"]`).textContent();

/** Every page answer, blocked request and console error of a page: what went wrong, when a step does. */
const trails = new WeakMap<Page, string[]>();
function keepTrail(page: Page) {
  const trail: string[] = [];
  trails.set(page, trail);
  page.on("response", (r) => {
    if (r.request().resourceType() === "document")
      trail.push(`${r.status()} ${r.request().method()} ${r.url()} ${r.headers().location ?? ""}`.trim());
  });
  page.on("requestfailed", (r) => {
    if (r.resourceType() === "document") trail.push(`failed ${r.url()}: ${r.failure()?.errorText}`);
  });
  page.on("console", (m) => {
    if (m.type() === "error") trail.push(`console: ${m.text()}`);
  });
}

/** Waits for the address, or fails with the way the browser went. */
async function arriveAt(page: Page, at: (u: URL) => boolean) {
  try {
    await page.waitForURL(at, { timeout: 20_000 });
  } catch {
    throw new Error(`stopped at ${page.url()}; the way there:\n${(trails.get(page) ?? []).join("\n")}`);
  }
}

/** From the service's front page to Tunnus's sign-in page, in Finnish, with the service named. */
async function startAtService(page: Page) {
  keepTrail(page);
  await page.goto(service.url);
  await page.getByRole("link", { name: "Kirjaudu", exact: true }).click();
  await arriveAt(page, atTunnus("/login"));
  expect(new URL(page.url()).searchParams.get("callbackUrl")).toMatch(/^\/oidc\/interaction\/[\w-]+$/);
  expect(await page.locator("html").getAttribute("lang")).toBe("fi");
  expect(await page.locator("h1").textContent()).toBe("Kirjaudu sisään");
  expect(await page.locator("main").textContent()).toContain("Kirjaudu palveluun Demo-jäsenpalvelu");
}

describe("signing in to a service with Tunnus, in Chromium", () => {
  it("Kirjaudu → Tunnus /login → signed in at the service with the claims → Kirjaudu ulos ends both", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await startAtService(page);
    await expectNoAxeViolations(page);

    // Keyboard only: Tab to the fields, Enter to sign in.
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? "");
    for (let i = 0; i < 15 && (await focusedId()) !== "identifier"; i++) await page.keyboard.press("Tab");
    expect(await focusedId()).toBe("identifier");
    await page.keyboard.type("maija@123");
    await page.keyboard.press("Tab");
    expect(await focusedId()).toBe("password");
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Enter");

    await arriveAt(page, atService("/"));
    expect(await page.locator("h1").textContent()).toBe("Olet kirjautunut");
    expect(await claim(page, "preferred_username")).toBe("maija@123");
    expect(await claim(page, "name")).toBe("Maija Meikäläinen");
    expect(await claim(page, "email")).toBe("maija@example.com");
    expect(await claim(page, "email_verified")).toBe("true");
    expect(await claim(page, "phone_number")).toBe("+358401234567");
    expect(await claim(page, "organization_licence")).toBe("123");
    expect(await claim(page, "organization_name")).toBe("Demo Oy");
    expect(await claim(page, "role")).toBe("member");
    const sub = await claim(page, "sub");
    expect(sub).toMatch(/^\S{16,}$/);

    // Sign-out at the service: Tunnus asks, in Finnish, then returns to the service's address.
    await page.getByRole("button", { name: "Kirjaudu ulos", exact: true }).click();
    await arriveAt(page, (u) => u.origin === baseURL() && u.pathname.startsWith("/oidc/session/end"));
    expect(await page.locator("html").getAttribute("lang")).toBe("fi");
    expect(await page.locator("h1").textContent()).toBe("Kirjaudutaanko ulos?");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Kirjaudu ulos", exact: true }).click();
    await arriveAt(page, atService("/signed-out"));
    expect(await page.locator("h1").textContent()).toBe("Olet kirjautunut ulos palvelusta");

    // The Tunnus session ended too: the account page asks for a sign-in again.
    await page.goto(`${baseURL()}/account`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect((trails.get(page) ?? []).filter((line) => !/^\d{3} /.test(line))).toEqual([]);
    await context.close();
  });

  it("already signed in to Tunnus: Kirjaudu at the service goes straight back, no page", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await startAtService(page);
    await page.locator("#identifier").fill("erik@123");
    await page.locator("#password").fill(DEMO_PASSWORD);
    await page.locator("form:has(#identifier) button[type=submit]").click();
    await arriveAt(page, atService("/"));
    expect(await claim(page, "preferred_username")).toBe("erik@123");
    // The service forgets its own session; Tunnus still knows the person.
    await context.clearCookies({ name: "demo_session" });
    await page.goto(service.url);
    const trail = trails.get(page)!;
    const before = trail.length;
    const [callback] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(`${service.url}/callback?`)),
      page.getByRole("link", { name: "Kirjaudu", exact: true }).click(),
    ]);
    expect(callback.status()).toBe(303);
    await arriveAt(page, atService("/"));
    expect(await claim(page, "preferred_username")).toBe("erik@123");
    // Only redirects at Tunnus on the way: no page was shown.
    const shownAtTunnus = trail.slice(before).filter((line) => line.startsWith(`200 GET ${baseURL()}`));
    expect(shownAtTunnus).toEqual([]);
    await context.close();
  });

  it("works with JavaScript disabled: the sign-in form leads back to the service", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await startAtService(page);
    await page.locator("#identifier").fill("maija@123");
    await page.locator("#password").fill(DEMO_PASSWORD);
    await page.locator("form:has(#identifier) button[type=submit]").click();
    await arriveAt(page, atService("/"));
    expect(await claim(page, "preferred_username")).toBe("maija@123");
    await context.close();
  });
});
