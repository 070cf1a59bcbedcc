import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "../helpers/fixtures";
import {
  DEMO_PASSWORD,
  expectNoAxeViolations,
  formAlert,
  launchChromium,
  newContext,
  plainBaseURL,
} from "./helpers/browser";
import { WRONG } from "./helpers/sign-in-texts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${plainBaseURL()}${path}`, { headers, redirect: "manual" });

describe("the prerendered /login", () => {
  it("is the build's page, allowed by script hashes and no nonce; a query, a session cookie or its own address are not", async () => {
    const bare = await get("/login", { "accept-language": "sv-SE,sv;q=0.9" });
    const html = await bare.text();
    expect(bare.status).toBe(200);
    expect(bare.headers.get("x-nextjs-prerender")).toMatch(/^1/);
    const csp = must(bare.headers.get("content-security-policy"), "a Content-Security-Policy");
    expect(csp).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/);
    const scriptSrc = csp
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith("script-src "));
    expect(scriptSrc).not.toMatch(/nonce-|unsafe-inline|strict-dynamic/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(bare.headers.get("cache-control")).toContain("no-store");
    expect(html).toContain('<html lang="sv"');
    expect(html).not.toContain("nonce=");
    // The language cookie wins over the browser's.
    expect(await (await get("/login", { "accept-language": "sv", cookie: "NEXT_LOCALE=en" })).text()).toContain(
      '<html lang="en"',
    );

    const withQuery = await get("/login?callbackUrl=%2Fadmin");
    expect(withQuery.headers.get("x-nextjs-prerender")).toBeNull();
    expect(withQuery.headers.get("content-security-policy")).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
    expect(await withQuery.text()).toContain('value="/admin"');
    const withCookie = await get("/login", { cookie: "__Host-tunnus.session=stale" });
    expect(withCookie.headers.get("x-nextjs-prerender")).toBeNull();
    expect(withCookie.status).toBe(200);

    const own = await get("/fi/login");
    expect(own.status).toBe(404);
    expect(await own.text()).toContain("Sivua ei löydy");
    expect(own.headers.get("content-security-policy")).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
    expect(own.headers.get("x-frame-options")).toBe("DENY");
    expect(own.headers.get("cache-control")).toContain("no-store");

    // A form post is answered per request: its page (an error, without JavaScript) gets a nonce.
    const form = await fetch(`${plainBaseURL()}/login`, {
      method: "POST",
      body: new URLSearchParams({ identifier: "x" }),
      redirect: "manual",
      headers: { origin: plainBaseURL() },
    });
    expect(form.headers.get("content-security-policy")).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
  });

  it("signs in with JavaScript: the form is live (no reload on an error), and no script is refused", async () => {
    const context = await newContext(browser, { baseURL: plainBaseURL(), locale: "sv-SE" });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on(
      "console",
      (m) => m.type() === "error" && /Content Security Policy/.test(m.text()) && refused.push(m.text()),
    );
    let loads = 0;
    page.on("load", () => loads++);
    await page.goto("/login");
    await page.locator("#identifier").fill("erik@123");
    await page.locator("#password").fill("wrong-password-123");
    await page.locator("form:has(#identifier) button[type=submit]").click();
    await expect.poll(() => formAlert(page).textContent()).toBe(WRONG.sv);
    expect(loads).toBe(1);
    expect(await formAlert(page).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.locator("#password").fill(DEMO_PASSWORD);
    await page.locator("form:has(#identifier) button[type=submit]").click();
    await page.waitForURL((u) => u.pathname === "/account");
    expect(await page.locator("main").textContent()).toContain("erik@123");
    // Signed in, /login is the per-request page, which sends the person on.
    await page.goto("/login");
    expect(new URL(page.url()).pathname).toBe("/account");
    expect(refused).toEqual([]);
    await context.close();
  });

  it("signs in with JavaScript disabled: the error, then the account", async () => {
    const context = await newContext(browser, { baseURL: plainBaseURL(), javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/login");
    await page.locator("#identifier").fill("maija@123");
    await page.locator("#password").fill("wrong-password-123");
    await page.locator("form:has(#identifier) button[type=submit]").click();
    await page.waitForLoadState("load");
    expect(await formAlert(page).textContent()).toBe(WRONG.fi);
    expect(await page.locator("#identifier").inputValue()).toBe("maija@123");
    await page.locator("#password").fill(DEMO_PASSWORD);
    await page.locator("form:has(#identifier) button[type=submit]").click();
    await page.waitForURL((u) => u.pathname === "/account");
    await context.close();
  });

  it("works by keyboard alone", async () => {
    const context = await newContext(browser, { baseURL: plainBaseURL() });
    const page = await context.newPage();
    await page.goto("/login");
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? "");
    for (let i = 0; i < 12 && (await focusedId()) !== "identifier"; i++) await page.keyboard.press("Tab");
    expect(await focusedId()).toBe("identifier");
    await page.keyboard.type("10001");
    await page.keyboard.press("Tab");
    expect(await focusedId()).toBe("password");
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === "/account");
    await context.close();
  });

  it.each(["fi-FI", "sv-SE", "en-GB"])("has no axe violation in %s, also with the error shown", async (locale) => {
    const context = await newContext(browser, { baseURL: plainBaseURL(), locale });
    const page = await context.newPage();
    await page.goto("/login");
    expect(await page.getAttribute("html", "lang")).toBe(locale.slice(0, 2));
    await expectNoAxeViolations(page);
    await page.locator("form:has(#identifier) button[type=submit]").click();
    await expect.poll(() => formAlert(page).count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it.each([true, false])(
    "switches language with the buttons (JavaScript %s), and stays the prerendered page",
    async (javaScriptEnabled) => {
      const context = await newContext(browser, { baseURL: plainBaseURL(), javaScriptEnabled });
      const page = await context.newPage();
      await page.goto("/login");
      await page.getByRole("button", { name: "Svenska" }).click();
      await expect.poll(() => page.getAttribute("html", "lang")).toBe("sv");
      expect(new URL(page.url()).pathname).toBe("/login");
      await expect.poll(() => page.locator("h1").textContent()).toBe("Logga in");
      await context.close();
    },
  );
});
