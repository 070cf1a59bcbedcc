import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createActiveMember } from "./helpers/accounts";
import { userByEmailInDb } from "./helpers/admin-db";
import { launchChromium, newContext, plainBaseURL, signIn } from "./helpers/browser";

/**
 * The policy has no 'unsafe-inline' for styles: every page is visited in Chromium, with and
 * without JavaScript, and nothing may be refused. One language is enough: the languages share
 * every component and stylesheet, only the words differ (the axe tests visit each language).
 * The dev mailbox is left out (development tooling; its previews have their own sandboxed policy).
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

const PUBLIC = [
  "/",
  "/login?callbackUrl=%2Fadmin",
  "/login?error=external",
  "/forgot-password",
  "/order-password",
  "/forgot-username",
  "/password-changed",
  "/activate/not-a-real-token",
  "/reset-password/not-a-real-token",
  "/login/not-linked?provider=oidc",
  "/no-such-page",
];
const ADMIN = (userId: string) => [
  "/account",
  "/admin",
  "/admin?status=active",
  "/admin?status=locked&sort=lastLogin&dir=desc",
  "/admin?q=maija",
  "/admin/users/new",
  "/admin/import",
  "/admin/audit",
  "/admin/audit?from=not-a-date",
  `/admin/users/${userId}`,
  `/admin/users/${userId}?confirm=lock#confirm`,
];

/** Every CSP refusal the page reports, as Chromium's console messages (they appear with JavaScript off too). */
function watchRefusals(context: BrowserContext) {
  const refused: string[] = [];
  context.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(`${m.page()?.url()}: ${m.text()}`);
  });
  return refused;
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await page.locator("h1").first().waitFor();
  // Let hydration, the route announcer and late style changes happen.
  await page.waitForLoadState("networkidle");
}

describe.each([{ locale: "sv-FI", lang: "sv" }])("in $lang", ({ locale, lang }) => {
  it.each([true, false])("no style or script is refused on any page, JavaScript %s", async (javaScriptEnabled) => {
    const admin = await createActiveMember({ admin: true, lang });
    const maija = await userByEmailInDb("maija@example.com");
    const context = await newContext(browser, { locale, javaScriptEnabled });
    const refused = watchRefusals(context);
    const page = await context.newPage();
    for (const path of PUBLIC) await visit(page, path);
    // The prerendered /login (no nonce) and the form's errors shown in place or after a reload.
    await visit(page, `${plainBaseURL()}/login`);
    await page.locator("form:has(#identifier) button[type=submit]").click();
    await page.locator("#identifier-error").waitFor();
    await signIn(page, admin.identifier, "vanha salasana joka unohtui");
    expect(await page.locator("html").getAttribute("lang")).toBe(lang);
    for (const path of ADMIN(maija.id)) await visit(page, path);
    expect(refused).toEqual([]);
    await context.close();
  });
});

describe("the policy itself", () => {
  it("refuses an inline style attribute added to a page (the check above would see it)", async () => {
    const context = await newContext(browser);
    const refused = watchRefusals(context);
    const page = await context.newPage();
    await visit(page, "/forgot-password");
    const applied = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener("securitypolicyviolation", (e) => violations.push(e.violatedDirective));
      const probe = document.createElement("div");
      probe.setAttribute("style", "width: 123px");
      document.body.append(probe);
      const style = document.createElement("style");
      style.textContent = "body { outline: 7px solid red }";
      document.head.append(style);
      await new Promise((r) => setTimeout(r, 100));
      return {
        width: probe.getBoundingClientRect().width,
        outline: getComputedStyle(document.body).outlineWidth,
        violations,
      };
    });
    expect(applied.width).not.toBe(123);
    expect(applied.outline).not.toBe("7px");
    expect(applied.violations.length).toBeGreaterThanOrEqual(2);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    await context.close();
  });
});
