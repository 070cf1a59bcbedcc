import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/password/hash";
import { organizations, users } from "@/lib/db/schema";
import { firstOf } from "../helpers/fixtures";
import { latestMessage, uniqueUsername } from "./helpers/accounts";
import { withDb } from "./helpers/admin-db";
import {
  baseURL,
  DEMO_PASSWORD,
  expectNoAxeViolations,
  formAlert,
  launchChromium,
  newContext,
  signIn,
} from "./helpers/browser";
import { WRONG } from "./helpers/sign-in-texts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

describe("sign-in in Chromium", () => {
  it("maija@123 signs in, sees her account, and signs out", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "maija@123");
    await expect.poll(() => page.locator("h1").textContent()).toBe("Oma tili");
    expect(await page.locator("main").textContent()).toContain("maija@123");
    await page.getByRole("button", { name: "Kirjaudu ulos", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/login" && u.searchParams.get("signedOut") === "1");
    expect(await page.getByRole("status").textContent()).toBe("Olet kirjautunut ulos.");
    // The old cookie is gone and the account page is closed again.
    await page.goto("/account");
    expect(new URL(page.url()).pathname).toBe("/login");
    await context.close();
  });

  it("a membership number signs in to the member organisation", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "10001");
    expect(await page.locator("main").textContent()).toContain("Demo-liitto ry");
    await context.close();
  });

  it("a wrong password gets the generic error, announced and focused", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/login");
    await page.locator("#identifier").fill("maija@123");
    await page.locator("#password").fill("not-the-password-1");
    await page.locator("form:has(#identifier) button[type=submit]").click();
    const alert = formAlert(page);
    await expect.poll(() => alert.textContent()).toBe(WRONG.fi);
    expect(await alert.evaluate((el) => el === document.activeElement)).toBe(true);
    // The same words for somebody who does not exist.
    await page.locator("#identifier").fill("nobody@123");
    await page.locator("#password").fill("not-the-password-1");
    await page.locator("form:has(#identifier) button[type=submit]").click();
    await expect.poll(() => page.locator("#identifier").inputValue()).toBe("nobody@123");
    expect(await alert.textContent()).toBe(WRONG.fi);
    await context.close();
  });

  it("works with JavaScript disabled: error, then sign-in", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/login");
    await page.locator("#identifier").fill("erik@123");
    await page.locator("#password").fill("wrong-password-123");
    await page.locator("form:has(#identifier) button[type=submit]").click();
    await page.waitForLoadState("load");
    expect(await formAlert(page).textContent()).toBe(WRONG.fi);
    await page.locator("#password").fill(DEMO_PASSWORD);
    await page.locator("form:has(#identifier) button[type=submit]").click();
    await page.waitForURL((u) => u.pathname === "/account");
    expect(await page.locator("main").textContent()).toContain("erik@123");
    await page.getByRole("button", { name: /^(Kirjaudu ulos|Logga ut)$/ }).click();
    await page.waitForURL((u) => u.pathname === "/login" && u.searchParams.get("signedOut") === "1");
    await context.close();
  });

  it("works by keyboard alone: Tab to the fields, Enter to sign in, Tab and Enter to sign out", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/login");
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? "");
    for (let i = 0; i < 12 && (await focusedId()) !== "identifier"; i++) await page.keyboard.press("Tab");
    expect(await focusedId()).toBe("identifier");
    await page.keyboard.type("maija@123");
    await page.keyboard.press("Tab");
    expect(await focusedId()).toBe("password");
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === "/account");
    const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? "");
    for (let i = 0; i < 12 && (await focusedText()) !== "Kirjaudu ulos"; i++) await page.keyboard.press("Tab");
    expect(await focusedText()).toBe("Kirjaudu ulos");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === "/login" && u.searchParams.get("signedOut") === "1");
    await context.close();
  });

  it("sends a signed-out visitor of /account to sign in and back", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/account");
    expect(page.url()).toContain("/login?callbackUrl=%2Faccount");
    await page.locator("#identifier").fill("maija@123");
    await page.locator("#password").fill(DEMO_PASSWORD);
    await page.locator("form:has(#identifier) button[type=submit]").click();
    await page.waitForURL((u) => u.pathname === "/account");
    await context.close();
  });

  it("refuses empty, overlong and hostile input with a clear message and no server error", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    let dialogs = 0;
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    const statuses: number[] = [];
    page.on("response", (r) => statuses.push(r.status()));
    await page.goto("/login");
    // Each submit waits for its own answer, so an error left from the previous one cannot pass.
    const submit = () =>
      Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.locator("form:has(#identifier) button[type=submit]").click(),
      ]);
    const fieldError = (id: string) => page.locator(`#${id}-error`).textContent();

    await submit();
    await expect.poll(() => fieldError("identifier")).toBe("Anna käyttäjätunnus.");
    expect(await fieldError("password")).toBe("Anna salasana.");
    expect(await page.locator("#identifier").getAttribute("aria-invalid")).toBe("true");

    // The browser's maxlength is a convenience; the server must hold on its own.
    await page.evaluate(() => document.querySelectorAll("input").forEach((i) => i.removeAttribute("maxlength")));
    await page.locator("#identifier").fill("a".repeat(10_000));
    await page.locator("#password").fill("p".repeat(10_000));
    await submit();
    await expect.poll(() => fieldError("identifier")).toBe("Käyttäjätunnus on liian pitkä.");
    expect(await fieldError("password")).toBe("Salasana on liian pitkä (enintään 256 merkkiä).");

    for (const hostile of ["<script>alert(1)</script>@123", "' OR '1'='1' --", "maija@123; DROP TABLE users"]) {
      await page.locator("#identifier").fill(hostile);
      await page.locator("#password").fill("x");
      await submit();
      await expect
        .poll(() => fieldError("identifier"))
        .toBe("Käyttäjätunnus on muotoa käyttäjätunnus@lisenssinumero tai jäsennumero.");
      expect(await page.locator("#identifier").inputValue()).toBe(hostile);
    }
    expect(dialogs).toBe(0);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    // The demo account still works: nothing was changed by the hostile input.
    await signIn(page, "maija@123");
    await context.close();
  });

  it.each([
    ["fi-FI", WRONG.fi],
    ["sv-SE", WRONG.sv],
    ["en-GB", WRONG.en],
  ])("in %s, every refusal says the same honest words, and the page passes axe", async (locale, message) => {
    const context = await newContext(browser, { locale });
    const page = await context.newPage();
    await page.goto("/login");
    for (const [identifier, password] of [
      ["nobody@123", "not-the-password-1"],
      ["erik@123", "not-the-password-2"],
    ]) {
      await page.locator("#identifier").fill(identifier!);
      await page.locator("#password").fill(password!);
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.locator("form:has(#identifier) button[type=submit]").click(),
      ]);
      await expect.poll(() => formAlert(page).textContent()).toBe(message);
    }
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("five wrong passwords pause sign-in, even for the right one, and the member is told by e-mail what to do", async () => {
    const username = uniqueUsername();
    const email = `${username}@example.com`;
    await withDb(async (db) => {
      const org = await firstOf(
        db.select().from(organizations).where(eq(organizations.licence, "123")),
        "the organisation",
      );
      await db.insert(users).values({
        organizationId: org.id,
        username,
        email,
        emailVerifiedAt: new Date(),
        passwordHash: await hashPassword(DEMO_PASSWORD),
        status: "active",
        language: "en",
      });
    });
    const context = await newContext(browser, { javaScriptEnabled: false, locale: "en-GB" });
    const page = await context.newPage();
    await page.goto("/login");
    for (const password of ["wrong-1", "wrong-2", "wrong-3", "wrong-4", "wrong-5", DEMO_PASSWORD]) {
      await page.locator("#identifier").fill(`${username}@123`);
      await page.locator("#password").fill(password);
      await page.locator("form:has(#identifier) button[type=submit]").click();
      await page.waitForLoadState("load");
      expect(await formAlert(page).textContent()).toBe(WRONG.en);
    }
    const mail = await latestMessage(baseURL(), email, "SignInPausedEmail");
    expect(mail.text).toContain(`${username}@123`);
    expect(mail.text).toMatch(/\/forgot-password\b/);
    expect(mail.text).toMatch(/\/order-password\b/);
    await context.close();
  });
});
