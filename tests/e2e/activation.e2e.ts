import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeIn, createWithCli, latestMessage, linkIn, tabTo } from "./helpers/accounts";
import { BREACHED_PASSWORDS } from "../helpers/breach-stand-in";
import {
  baseURL,
  expectNoAxeViolations,
  expectNoAxeViolations as expectAxeClean,
  launchChromium,
  newContext,
} from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

const PASSWORD = "kesäyön sininen hetki";

/** Submits the form that holds `selector`, and waits for the page that answers. */
async function submitWithin(page: Page, selector: string) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.locator(`form:has(${selector}) button[type=submit]`).first().click(),
  ]);
  await page.waitForLoadState("load");
}

/**
 * The whole activation, as a person does it with a mouse (or without JavaScript), checking axe on
 * every step (axe is a script: with JavaScript off the same pages are checked by the run with it on).
 */
async function activateThroughThePage(page: Page, opts: { newEmail: string; phone: string; javaScript: boolean }) {
  const expectNoAxeViolations = (p: Page) => (opts.javaScript ? expectAxeClean(p) : Promise.resolve());
  const person = await createWithCli();
  const link = linkIn((await latestMessage(baseURL(), person.email, "ActivationEmail")).text);

  // A mail scanner's GET leaves the link usable.
  for (let i = 0; i < 2; i++) expect((await fetch(link)).status).toBe(200);

  await page.goto(link);
  expect(await page.locator("h1").textContent()).toBe("Aktivoi käyttäjätilisi");
  expect(await page.locator("main dl").textContent()).toContain(person.identifier);
  await expectNoAxeViolations(page);

  // Change the e-mail: a wrong address first, then the right one and its code.
  await page.locator("#email summary").click();
  await page.locator("#email-new").fill("not-an-address");
  await submitWithin(page, "#email-new");
  expect(await page.locator("#email-new-error").textContent()).toBe(
    "Tarkista sähköpostiosoite (esimerkiksi nimi@esimerkki.fi).",
  );
  await expectNoAxeViolations(page);
  await page.locator("#email-new").fill(opts.newEmail);
  await submitWithin(page, "#email-new");
  await page.getByText(`Lähetimme vahvistuskoodin osoitteeseen ${opts.newEmail}`).waitFor();
  await expectNoAxeViolations(page);
  const emailCode = codeIn((await latestMessage(baseURL(), opts.newEmail, "VerificationCodeEmail")).text);
  await page.locator("#email-code").fill(emailCode === "000000" ? "111111" : "000000");
  await submitWithin(page, "#email-code");
  expect(await page.locator("#email-code-error").textContent()).toBe(
    "Koodi on väärä. Tarkista koodi ja yritä uudelleen.",
  );
  await expectNoAxeViolations(page);
  await page.locator("#email-code").fill(emailCode);
  await submitWithin(page, "#email-code");
  await page.getByText("Sähköpostiosoite on vahvistettu ja tallennettu.").waitFor();

  // Add a phone with its SMS code.
  await page.locator("#phone summary").click();
  await page.locator("#phone-new").fill(opts.phone);
  await submitWithin(page, "#phone-new");
  const e164 = `+358${opts.phone.replace(/\D/g, "").slice(1)}`;
  await page.getByText(`Lähetimme vahvistuskoodin tekstiviestillä numeroon ${e164}`).waitFor();
  await page.locator("#phone-code").fill(codeIn((await latestMessage(baseURL(), e164, "VerificationCodeSms")).text));
  await submitWithin(page, "#phone-code");
  await page.getByText("Puhelinnumero on vahvistettu ja tallennettu.").waitFor();
  await expectNoAxeViolations(page);

  // The password: the hint gives the organisation's minimum and suggests a passphrase; the
  // policy speaks first (a guessable one, a breached one), then the activation.
  expect(await page.locator("#password-hint").textContent()).toBe(
    "Vähintään 15 merkkiä. Käytä salalausetta: useita sanoja, jotka muistat mutta joita muut eivät arvaa, esimerkiksi neljä sanaa välilyönnein.",
  );
  await page.locator("#password").fill("salasana12345678");
  await page.locator("#repeat").fill("salasana12345678");
  await submitWithin(page, "#password");
  expect(await page.locator("#password-error").textContent()).toBe(
    "Salasana on liian helppo arvata. Käytä pidempää, useista sanoista koostuvaa salasanaa.",
  );
  await expectNoAxeViolations(page);
  await page.locator("#password").fill(BREACHED_PASSWORDS[2]);
  await page.locator("#repeat").fill(BREACHED_PASSWORDS[2]);
  await submitWithin(page, "#password");
  // The previous refusal stays on the page until the new answer replaces it.
  await expect
    .poll(() => page.locator("#password-error").textContent())
    .toBe(
      "Tämä salasana on paljastunut tietomurrossa, joten sitä kokeillaan murtautumisyrityksissä. Valitse toinen salasana.",
    );
  await expectNoAxeViolations(page);
  await page.locator("#password").fill(PASSWORD);
  await page.locator("#repeat").fill(PASSWORD);
  await page.locator("form:has(#password) button[type=submit]").click();
  await page.waitForURL((u) => u.pathname === "/account" && u.searchParams.get("activated") === "1");
  const account = await page.locator("main").textContent();
  expect(account).toContain("Tilisi on aktivoitu.");
  expect(account).toContain(`${opts.newEmail} (vahvistettu)`);
  expect(account).toContain(`${e164} (vahvistettu)`);
  await expectNoAxeViolations(page);

  // Signed out, the new password signs in; the used link is dead.
  await page.getByRole("button", { name: "Kirjaudu ulos", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/login" && u.searchParams.get("signedOut") === "1");
  await page.locator("#identifier").fill(person.identifier);
  await page.locator("#password").fill(PASSWORD);
  await page.locator("form:has(#identifier) button[type=submit]").click();
  await page.waitForURL((u) => u.pathname === "/account");
  await page.goto(link);
  expect(await page.locator("h1").textContent()).toBe("Aktivointilinkki ei ole voimassa");
  await expectNoAxeViolations(page);
}

describe("activation in Chromium", () => {
  it("from the CLI's e-mail to a signed-in, verified member", async () => {
    const context = await newContext(browser);
    await activateThroughThePage(await context.newPage(), {
      newEmail: `uusi.${Date.now()}@example.com`,
      phone: "040 555 1234",
      javaScript: true,
    });
    await context.close();
  });

  it("the same with JavaScript disabled", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    await activateThroughThePage(await context.newPage(), {
      newEmail: `nojs.${Date.now()}@example.com`,
      phone: "050 555 9876",
      javaScript: false,
    });
    await context.close();
  });

  it("by keyboard alone", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const person = await createWithCli();
    await page.goto(linkIn((await latestMessage(baseURL(), person.email, "ActivationEmail")).text));
    const newEmail = `kb.${Date.now()}@example.com`;
    await tabTo(page, (el) => el.tag === "summary" && el.text.includes("Muuta sähköpostiosoitetta"));
    await page.keyboard.press("Enter");
    await tabTo(page, (el) => el.id === "email-new");
    await page.keyboard.type(newEmail);
    await page.keyboard.press("Enter");
    await page.getByText(`Lähetimme vahvistuskoodin osoitteeseen ${newEmail}`).waitFor();
    await tabTo(page, (el) => el.id === "email-code");
    await page.keyboard.type(codeIn((await latestMessage(baseURL(), newEmail, "VerificationCodeEmail")).text));
    await page.keyboard.press("Enter");
    await page.getByText("Sähköpostiosoite on vahvistettu ja tallennettu.").waitFor();
    await tabTo(page, (el) => el.id === "password");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === "/account" && u.searchParams.get("activated") === "1");
    await context.close();
  });
});

describe.each([
  {
    locale: "sv-FI",
    title: "Aktivera ditt användarkonto",
    sent: "Vi skickade en bekräftelsekod till",
    invalid: "Aktiveringslänken gäller inte",
  },
  {
    locale: "en-GB",
    title: "Activate your account",
    sent: "We sent a confirmation code to",
    invalid: "The activation link is not valid",
  },
])("activation pages in $locale", ({ locale, title, sent, invalid }) => {
  it("have no axe violation on the form, the code step, an error and a dead link", async () => {
    const context = await newContext(browser, { locale });
    const page = await context.newPage();
    const person = await createWithCli();
    await page.goto(linkIn((await latestMessage(baseURL(), person.email, "ActivationEmail")).text));
    expect(await page.locator("h1").textContent()).toBe(title);
    await expectNoAxeViolations(page);
    await page.locator("#email summary").click();
    await page.locator("#email-new").fill(`${locale}.${Date.now()}@example.com`);
    await submitWithin(page, "#email-new");
    await page.getByText(sent).waitFor();
    await expectNoAxeViolations(page);
    await page.locator("#repeat").fill("x");
    await submitWithin(page, "#password");
    await page.locator("#password-error").waitFor();
    await expectNoAxeViolations(page);
    await page.goto("/activate/this-link-does-not-exist");
    expect(await page.locator("h1").textContent()).toBe(invalid);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
