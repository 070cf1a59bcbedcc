import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectPostgres } from "@/lib/db/client";
import { sessions, users } from "@/lib/db/schema";
import { codeIn, createActiveMember, latestMessage, tabTo } from "./helpers/accounts";
import { baseURL, expectNoAxeViolations, launchChromium, newContext, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

const PASSWORD = "vanha salasana joka unohtui";

/** Moves the start of every session of `email`'s account back, as if signed in `minutes` ago. */
async function ageSessions(email: string, minutes: number) {
  const h = await connectPostgres(inject("databaseURL"), { prepare: false, max: 1 });
  try {
    const [user] = await h.db.select().from(users).where(eq(users.email, email));
    await h.db.update(sessions).set({ createdAt: new Date(Date.now() - minutes * 60_000) }).where(eq(sessions.userId, user!.id));
  } finally {
    await h.close();
  }
}

const submitIn = async (page: Page, section: string, name: string) => {
  await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.locator(`#${section}`).getByRole("button", { name, exact: true }).click()]);
  await page.waitForLoadState("load");
};

describe.each([true, false])("my account, JavaScript %s", (javaScriptEnabled) => {
  const axe = (page: Page) => (javaScriptEnabled ? expectNoAxeViolations(page) : Promise.resolve());

  it("changes the e-mail with a code (the old address is told), adds and removes a phone, changes the password", async () => {
    const member = await createActiveMember();
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    await signIn(page, member.identifier, PASSWORD);
    await axe(page);

    // E-mail: the pencil, a code to the new address, the code.
    const newEmail = `uusi.${member.email}`;
    await page.locator("#email summary").click();
    await page.locator("#email-new").fill(newEmail);
    await submitIn(page, "email", "Lähetä vahvistuskoodi");
    await page.locator("#email-code").waitFor();
    const code = codeIn((await latestMessage(baseURL(), newEmail, "VerificationCodeEmail")).text);
    await page.locator("#email-code").fill(code);
    await submitIn(page, "email", "Vahvista");
    await page.getByText("Sähköpostiosoite on vahvistettu ja tallennettu.").waitFor();
    expect(await page.locator("#email").textContent()).toContain(`${newEmail} (vahvistettu)`);
    const notice = await latestMessage(baseURL(), member.email, "EmailChangedEmail");
    expect(notice.text).toContain(member.identifier);
    await axe(page);

    // Phone: added with an SMS code, then removed.
    const phone = javaScriptEnabled ? "0401112233" : "0401112244";
    await page.locator("#phone summary").click();
    await page.locator("#phone-new").fill(phone);
    await submitIn(page, "phone", "Lähetä vahvistuskoodi");
    await page.locator("#phone-code").waitFor();
    await page.locator("#phone-code").fill(codeIn((await latestMessage(baseURL(), `+358${phone.slice(1)}`, "VerificationCodeSms")).text));
    await submitIn(page, "phone", "Vahvista");
    await page.getByText("Puhelinnumero on vahvistettu ja tallennettu.").waitFor();
    await submitIn(page, "phone", "Poista puhelinnumero");
    await page.getByText("Puhelinnumero on poistettu.").waitFor();
    expect(await page.locator("#phone").textContent()).toContain("Ei annettu");

    // Password: a wrong current one is refused; then changed, and the notice goes out.
    const newPassword = `syksyn sadepäivän kirja ${javaScriptEnabled ? 1 : 2}`;
    await page.locator("#current").fill("väärä salasana");
    await page.locator("#password").fill(newPassword);
    await page.locator("#repeat").fill(newPassword);
    await submitIn(page, "password-change", "Vaihda salasana");
    await page.locator("#current-error").waitFor();
    expect(await page.locator("#current-error").textContent()).toBe("Nykyinen salasana on väärä.");
    await axe(page);
    await page.locator("#current").fill(PASSWORD);
    await page.locator("#password").fill(newPassword);
    await page.locator("#repeat").fill(newPassword);
    await submitIn(page, "password-change", "Vaihda salasana");
    await page.getByText("Salasana on vaihdettu.").waitFor();
    await latestMessage(baseURL(), newEmail, "PasswordChangedEmail");
    await context.close();
  });

  it("after 10 minutes asks for the current password before a change", async () => {
    const member = await createActiveMember();
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    await signIn(page, member.identifier, PASSWORD);
    await ageSessions(member.email, 11);
    await page.goto("/account");
    await page.locator("#email summary").click();
    await page.locator("#email-new").fill(`toinen.${member.email}`);
    await submitIn(page, "email", "Lähetä vahvistuskoodi");
    await page.locator("#email-password-error").waitFor();
    expect(await page.locator("#email-password-error").textContent()).toBe("Anna nykyinen salasanasi.");
    await axe(page);
    await page.locator("#email-password").fill(PASSWORD);
    await submitIn(page, "email", "Lähetä vahvistuskoodi");
    await page.locator("#email-code").waitFor();
    await context.close();
  });
});

describe("devices and language", () => {
  it("lists the signed-in devices, signs one out, then all", async () => {
    const member = await createActiveMember();
    const other = await newContext(browser);
    const otherPage = await other.newPage();
    await signIn(otherPage, member.identifier, PASSWORD);
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, member.identifier, PASSWORD);
    const devices = page.locator("#sessions li");
    expect(await devices.count()).toBe(2);
    expect(await page.locator("#sessions li", { hasText: "Tämä laite" }).count()).toBe(1);
    expect(await page.locator("#sessions").textContent()).toContain("Chrome");
    await page.locator("#sessions li").filter({ hasNotText: "Tämä laite" }).getByRole("button", { name: "Kirjaa ulos" }).click();
    await page.getByText("Laitteen istunto on päätetty.").waitFor();
    expect(await devices.count()).toBe(1);
    await otherPage.goto("/account");
    await otherPage.waitForURL((u) => u.pathname === "/login");
    await page.getByRole("button", { name: "Kirjaudu ulos kaikilta laitteilta" }).click();
    await page.waitForURL((u) => u.pathname === "/login");
    await page.goto("/account");
    await page.waitForURL((u) => u.pathname === "/login");
    await other.close();
    await context.close();
  });

  it("saves the language: the pages and the next message follow it", async () => {
    const member = await createActiveMember();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, member.identifier, PASSWORD);
    await page.locator("#locale").selectOption("sv");
    await page.getByRole("button", { name: "Tallenna kieli" }).click();
    await page.getByText("Språket har sparats.").waitFor();
    expect(await page.locator("h1").textContent()).toBe("Mitt konto");
    await page.locator("#email summary").click();
    await page.locator("#email-new").fill(`sv.${member.email}`);
    await page.locator("#email").getByRole("button", { name: "Skicka bekräftelsekod" }).click();
    const message = await latestMessage(baseURL(), `sv.${member.email}`, "VerificationCodeEmail");
    expect((message as unknown as { subject: string }).subject).toBe("Bekräftelsekod för e-postadressen");
    await context.close();
  });
});

describe("by keyboard alone", () => {
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
});

describe.each([
  { lang: "sv", title: "Mitt konto" },
  { lang: "en", title: "My account" },
  { lang: "fi", title: "Oma tili" },
])("the account page in $lang", ({ lang, title }) => {
  it("has no axe violation, with the forms open and errors shown", async () => {
    const member = await createActiveMember({ lang, phone: "0409876543" });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, member.identifier, PASSWORD);
    expect(await page.locator("h1").textContent()).toBe(title);
    await expectNoAxeViolations(page);
    await page.locator("#email summary").click();
    await page.locator("#email form button[type=submit]").click();
    await page.locator("#email-new-error").waitFor();
    await page.locator("#password-change button[type=submit]").first().click();
    await page.locator("#current-error").waitFor();
    await expectNoAxeViolations(page);
    await context.close();
  });
});
