import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeIn, createActiveMember, latestMessage, tabTo } from "./helpers/accounts";
import { baseURL, launchChromium, newContext, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

const PASSWORD = "vanha salasana joka unohtui";
/** The account page is long: the bottom of it is many Tab presses away. */
const FAR = 120;

describe("the account page by keyboard alone", () => {
  it("opens the pencil, asks for a code and cancels; changes the password", async () => {
    const member = await createActiveMember();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, member.identifier, PASSWORD);
    await tabTo(page, (el) => el.tag === "summary" && el.text.includes("Muuta sähköpostiosoitetta"));
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    await page.keyboard.type(`n.${member.email}`);
    await page.keyboard.press("Enter");
    await page.locator("#email-code").waitFor();
    await tabTo(page, (el) => el.text === "Peru muutos");
    await page.keyboard.press("Enter");
    await page.locator("#email summary").waitFor();
    await tabTo(page, (el) => el.id === "current");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Tab");
    await page.keyboard.type("näppäimistön uusi salasana");
    await tabTo(page, (el) => el.id === "repeat");
    await page.keyboard.type("näppäimistön uusi salasana");
    await page.keyboard.press("Enter");
    await page.getByText("Salasana on vaihdettu.").waitFor();
    await context.close();
  });

  it("changes an existing phone number with its code, then saves another language", async () => {
    const member = await createActiveMember({ phone: "0401239876" });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, member.identifier, PASSWORD);
    await tabTo(page, (el) => el.tag === "summary" && el.text.includes("Muuta puhelinnumeroa"));
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    await page.keyboard.type("050 987 1234");
    await page.keyboard.press("Enter");
    await page.locator("#phone-code").waitFor();
    await tabTo(page, (el) => el.id === "phone-code");
    await page.keyboard.type(codeIn((await latestMessage(baseURL(), "+358509871234", "VerificationCodeSms")).text));
    await page.keyboard.press("Enter");
    await page.getByText("Puhelinnumero on vahvistettu ja tallennettu.").waitFor();
    expect(await page.locator("#phone").textContent()).toContain("+358509871234 (vahvistettu)");

    await tabTo(page, (el) => el.id === "locale", FAR);
    // A closed select takes the first letter of an option, as a person would type it.
    await page.keyboard.press("e");
    await tabTo(page, (el) => el.tag === "button" && el.text === "Tallenna kieli");
    await page.keyboard.press("Enter");
    await page.getByText("The language is saved.").waitFor();
    expect(await page.locator("h1").textContent()).toBe("My account");
    await context.close();
  });

  it("signs another device out, then every device", async () => {
    const member = await createActiveMember();
    const other = await newContext(browser);
    const otherPage = await other.newPage();
    await signIn(otherPage, member.identifier, PASSWORD);
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, member.identifier, PASSWORD);
    await tabTo(page, (el) => el.tag === "button" && el.text === "Kirjaa ulos", FAR);
    await page.keyboard.press("Enter");
    await page.getByText("Laitteen istunto on päätetty.").waitFor();
    expect(await page.locator("#sessions li").count()).toBe(1);
    await otherPage.goto("/account");
    expect(new URL(otherPage.url()).pathname).toBe("/login");
    await tabTo(page, (el) => el.tag === "button" && el.text === "Kirjaudu ulos kaikilta laitteilta", FAR);
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === "/login");
    await page.goto("/account");
    expect(new URL(page.url()).pathname).toBe("/login");
    await other.close();
    await context.close();
  });
});
