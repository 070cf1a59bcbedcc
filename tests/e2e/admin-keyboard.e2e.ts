import type { Browser, FileChooser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestMessage, tabTo, uniqueUsername } from "./helpers/accounts";
import { baseURL, launchChromium, newContext, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

const focused = (page: Page) => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? null);

describe("administration by keyboard alone", () => {
  it("creates a user: Tab through the form, type, choose the language with the arrow keys, Enter", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "admin@123");
    await page.goto("/admin");
    await tabTo(page, (el) => el.tag === "a" && el.text === "Luo käyttäjä");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === "/admin/users/new");
    const username = uniqueUsername();
    await tabTo(page, (el) => el.id === "identifier");
    await page.keyboard.type(username);
    await tabTo(page, (el) => el.id === "displayName");
    await page.keyboard.type("Näppäin Käyttäjä");
    await tabTo(page, (el) => el.id === "email");
    await page.keyboard.type(`${username}@example.com`);
    await tabTo(page, (el) => el.id === "language");
    await page.keyboard.press("ArrowDown"); // Suomi → Svenska
    expect(await focused(page)).toBe("sv");
    await tabTo(page, (el) => el.tag === "button" && el.text === "Luo ja lähetä aktivointi");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname.startsWith("/admin/users/"));
    expect(await page.getByRole("status").first().textContent()).toBe(
      `${username}@123 on luotu. Aktivointiviesti on matkalla.`,
    );
    expect(await page.locator("main dl").textContent()).toContain("Svenska");
    await latestMessage(baseURL(), `${username}@example.com`, "ActivationEmail");
    await context.close();
  });

  it("imports a register: the file chooser opened with Space, the dry run and the apply with Enter", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    // Playwright starts intercepting file choosers when the first listener is added, without
    // waiting: add one now, so that it is on long before Space is pressed.
    const chooser = new Promise<FileChooser>((resolve) => page.once("filechooser", resolve));
    await signIn(page, "admin@123");
    await page.goto("/admin/import");
    const a = uniqueUsername();
    await tabTo(page, (el) => el.id === "file");
    await page.keyboard.press("Space");
    await (
      await chooser
    ).setFiles({
      name: "nappaimisto.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`Käyttäjätunnus;Nimi;Sähköposti\n${a};Näppäin Tuotu;${a}@example.com\n`),
    });
    await tabTo(page, (el) => el.tag === "button" && el.text === "Tarkista tiedosto");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => /^\/admin\/import\/[0-9a-f-]{36}$/.test(u.pathname));
    expect(await page.locator("main").textContent()).toContain("1 uutta, 0 muuttunutta, 0 ennallaan, 0 virheellistä.");
    await tabTo(page, (el) => el.id === "sendActivations");
    expect(await page.locator("#sendActivations").isChecked()).toBe(true);
    await tabTo(page, (el) => el.tag === "button" && el.text === "Tuo rekisteri");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.searchParams.has("created"));
    expect(await page.getByRole("status").first().textContent()).toBe(
      "Tuotu: 1 luotu, 0 muutettu, 0 ohitettu; 1 aktivointiviestiä matkalla.",
    );
    await latestMessage(baseURL(), `${a}@example.com`, "ActivationEmail");
    await context.close();
  });
});
