import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, formAlert, launchChromium, newContext, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

const languages = [
  { locale: "fi-FI", lang: "fi", login: "Kirjaudu sisään", account: "Oma tili", switchTo: "Svenska", switched: "sv" },
  { locale: "sv-FI", lang: "sv", login: "Logga in", account: "Mitt konto", switchTo: "English", switched: "en" },
  { locale: "en-GB", lang: "en", login: "Sign in", account: "My account", switchTo: "Suomi", switched: "fi" },
];

describe.each(languages)("in $lang", ({ locale, lang, login, account, switchTo, switched }) => {
  it("/login has no axe violation, empty and with errors, and the right <html lang>", async () => {
    const context = await newContext(browser, { locale });
    const page = await context.newPage();
    await page.goto("/login");
    expect(await page.locator("html").getAttribute("lang")).toBe(lang);
    expect(await page.locator("h1").textContent()).toBe(login);
    await expectNoAxeViolations(page);
    await page.locator("form:has(#identifier) button[type=submit]").click();
    await page.locator("#identifier-error").waitFor();
    await expectNoAxeViolations(page);
    await page.locator("#identifier").fill("nobody@123");
    await page.locator("#password").fill("wrong-password-1");
    await page.locator("form:has(#identifier) button[type=submit]").click();
    await formAlert(page).locator("p").waitFor();
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("/account has no axe violation", async () => {
    const context = await newContext(browser, { locale });
    const page = await context.newPage();
    await signIn(page, "10001");
    // Signing in applies the person's saved language (Finnish); switch to the one under test.
    await page.goto("/account");
    const target = { fi: "Suomi", sv: "Svenska", en: "English" }[lang]!;
    if ((await page.locator("html").getAttribute("lang")) !== lang) {
      await page.getByRole("button", { name: target, exact: true }).click();
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    }
    expect(await page.locator("h1").textContent()).toBe(account);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("the language switch changes the page's language and keeps the page", async () => {
    const context = await newContext(browser, { locale });
    const page = await context.newPage();
    await page.goto("/login?callbackUrl=%2Faccount");
    await page.getByRole("button", { name: switchTo, exact: true }).click();
    await page.waitForFunction((l) => document.documentElement.lang === l, switched);
    expect(page.url()).toContain("/login?callbackUrl=%2Faccount");
    await context.close();
  });
});

describe("other pages", () => {
  it("the not-found page has no axe violation", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const res = await page.goto("/no-such-page");
    expect(res?.status()).toBe(404);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
