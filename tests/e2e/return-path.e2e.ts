import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, launchChromium, newContext } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

/** Return addresses that cannot go into a Location header as they are (Node refuses them: a 500). */
const UNSENDABLE = ["/。evil", "/ääkkönen", "/account\u00a0x"];

const sessionCookie = async (context: BrowserContext) =>
  (await context.cookies()).find((c) => c.name.includes("tunnus.session"));

async function signInWith(page: Page, callbackUrl: string) {
  const statuses: number[] = [];
  page.on("response", (r) => statuses.push(r.status()));
  await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.locator("#identifier").fill("maija@123");
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.locator("form:has(#identifier) button[type=submit]").click();
  await page.waitForURL((u) => u.pathname === "/account");
  return statuses;
}

describe("a return address that is not printable ASCII", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`falls back to /account after a sign-in, with the session kept (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      for (const callbackUrl of UNSENDABLE) {
        const context = await newContext(browser, { javaScriptEnabled });
        const page = await context.newPage();
        const statuses = await signInWith(page, callbackUrl);
        expect(
          statuses.filter((s) => s >= 500),
          callbackUrl,
        ).toEqual([]);
        expect(await sessionCookie(context), callbackUrl).toBeTruthy();
        expect(await page.locator("h1").textContent()).toBe("Oma tili");
        await context.close();
      }
    });
  }

  it("sends someone already signed in to /account, not to an error", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signInWith(page, "/account");
    for (const callbackUrl of UNSENDABLE) {
      const response = await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      expect(response?.status(), callbackUrl).toBe(200);
      expect(new URL(page.url()).pathname, callbackUrl).toBe("/account");
    }
    await context.close();
  });

  it("keeps a same-site path that is printable ASCII", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signInWith(page, "/account");
    await page.goto(`/login?callbackUrl=${encodeURIComponent("/admin?q=%C3%A4")}`);
    // maija is no administrator: /admin answers 404, which proves the return address was followed.
    expect(new URL(page.url()).pathname).toBe("/admin");
    await context.close();
  });
});
