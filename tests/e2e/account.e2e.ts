import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions, users } from "@/lib/db/schema";
import { userByEmail } from "../helpers/fixtures";
import { codeIn, createActiveMember, latestMessage } from "./helpers/accounts";
import { BREACHED_PASSWORDS } from "../helpers/breach-stand-in";
import { baseURL, expectNoAxeViolations, launchChromium, newContext, signIn } from "./helpers/browser";
import { withDb } from "./helpers/identity";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

const PASSWORD = "vanha salasana joka unohtui";

/** Moves the start of every session of `email`'s account back, as if signed in `minutes` ago. */
async function ageSessions(email: string, minutes: number) {
  await withDb(async (db) => {
    const user = await userByEmail(db, email);
    await db
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - minutes * 60_000) })
      .where(eq(sessions.userId, user.id));
  });
}

const submitIn = async (page: Page, section: string, name: string) => {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.locator(`#${section}`).getByRole("button", { name, exact: true }).click(),
  ]);
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
    await page
      .locator("#phone-code")
      .fill(codeIn((await latestMessage(baseURL(), `+358${phone.slice(1)}`, "VerificationCodeSms")).text));
    await submitIn(page, "phone", "Vahvista");
    await page.getByText("Puhelinnumero on vahvistettu ja tallennettu.").waitFor();
    await submitIn(page, "phone", "Poista puhelinnumero");
    await page.getByText("Puhelinnumero on poistettu.").waitFor();
    expect(await page.locator("#phone").textContent()).toContain("Ei annettu");

    // Password: the hint gives the organisation's minimum; one containing the username, and a
    // breached one, are refused with their reasons.
    expect(await page.locator("#password-hint").textContent()).toMatch(/^Vähintään 15 merkkiä\. Käytä salalausetta/);
    await page.locator("#current").fill(PASSWORD);
    await page.locator("#password").fill(`${member.username}12345!`);
    await page.locator("#repeat").fill(`${member.username}12345!`);
    await submitIn(page, "password-change", "Vaihda salasana");
    await page.locator("#password-error").waitFor();
    expect(await page.locator("#password-error").textContent()).toBe("Salasanassa ei saa olla käyttäjätunnustasi.");
    await page.locator("#current").fill(PASSWORD);
    await page.locator("#password").fill(BREACHED_PASSWORDS[0]);
    await page.locator("#repeat").fill(BREACHED_PASSWORDS[0]);
    await submitIn(page, "password-change", "Vaihda salasana");
    // The previous refusal stays on the page until the new answer replaces it.
    await expect
      .poll(() => page.locator("#password-error").textContent())
      .toBe(
        "Tämä salasana on paljastunut tietomurrossa, joten sitä kokeillaan murtautumisyrityksissä. Valitse toinen salasana.",
      );

    // A wrong current one is refused; then changed, and the notice goes out.
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

describe("the details", () => {
  it.each([
    { identifier: "maija@123", organization: "Demo Oy", name: "Maija Meikäläinen" },
    { identifier: "10001", organization: "Demo-liitto ry", name: "Jaana Jäsen" },
  ])(
    "show $identifier as typed at sign-in, the organisation, the name and the language",
    async ({ identifier, organization, name }) => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await signIn(page, identifier);
      const details = page.locator("#details-heading + dl");
      expect(await details.locator("dt").allTextContents()).toEqual(["Käyttäjätunnus", "Organisaatio", "Nimi"]);
      expect(await details.locator("dd").allTextContents()).toEqual([identifier, organization, name]);
      expect(await page.locator("#locale").inputValue()).toBe("fi");
      expect(await page.locator("#locale option:checked").textContent()).toBe("Suomi");
      await context.close();
    },
  );

  it("mark an address that is not verified, and the saved language", async () => {
    const member = await createActiveMember({ lang: "sv", phone: "0409871234" });
    await withDb((db) => db.update(users).set({ emailVerifiedAt: null }).where(eq(users.email, member.email)));
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, member.identifier, PASSWORD);
    // Swedish: the person's saved language, for the page and in the choice.
    expect(await page.locator("#email").textContent()).toContain(`${member.email} (inte bekräftad)`);
    expect(await page.locator("#phone").textContent()).toContain("+358409871234 (bekräftad)");
    expect(await page.locator("#locale").inputValue()).toBe("sv");
    await page.locator("#locale").selectOption("fi");
    await page.getByRole("button", { name: "Spara språket" }).click();
    await page.getByText("Kieli on tallennettu.").waitFor();
    expect(await page.locator("#email").textContent()).toContain(`${member.email} (ei vahvistettu)`);
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

describe.each([true, false])("a phone number SMS are not sent to, JavaScript %s", (javaScriptEnabled) => {
  it("is refused with the accepted countries named in the page's language", async () => {
    const member = await createActiveMember();
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    await signIn(page, member.identifier, PASSWORD);
    await page.locator("#phone summary").click();
    await page.locator("#phone-new").fill("+49 151 23456789");
    await submitIn(page, "phone", "Lähetä vahvistuskoodi");
    await page.locator("#phone-new-error").waitFor();
    expect(await page.locator("#phone-new-error").textContent()).toBe(
      "Tekstiviestejä lähetetään vain näiden maiden puhelinnumeroihin: Suomi, Ruotsi, Ahvenanmaa, Viro, Norja, Tanska. Anna numero jostakin niistä.",
    );
    expect(await page.locator("#phone-new").inputValue()).toBe("+49 151 23456789");
    if (javaScriptEnabled) await expectNoAxeViolations(page);
    await context.close();
  });
});
