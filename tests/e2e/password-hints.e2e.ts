import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations } from "@/lib/db/schema";
import { firstOf } from "../helpers/fixtures";
import { createWithCli, latestMessage, linkIn } from "./helpers/accounts";
import { withDb } from "./helpers/admin-db";
import { baseURL, expectNoAxeViolations, launchChromium, newContext } from "./helpers/browser";

/**
 * Every page that asks for a new password states the organisation's own minimum and suggests a
 * passphrase. The two demo organisations get minimums of their own here (put back afterwards),
 * so a hint that printed a constant would show.
 */
let browser: Browser;
const saved = new Map<string, number>();
const MINIMUMS = { "123": 17, "200": 21 } as const;
beforeAll(async () => {
  browser = await launchChromium();
  await withDb(async (db) => {
    for (const [licence, min] of Object.entries(MINIMUMS)) {
      const org = await firstOf(
        db.select().from(organizations).where(eq(organizations.licence, licence)),
        "the organisation",
      );
      saved.set(licence, org.minPasswordLength);
      await db.update(organizations).set({ minPasswordLength: min }).where(eq(organizations.licence, licence));
    }
  });
});
afterAll(async () => {
  await withDb(async (db) => {
    for (const [licence, min] of saved)
      await db.update(organizations).set({ minPasswordLength: min }).where(eq(organizations.licence, licence));
  });
  await browser.close();
});

const HINTS = {
  fi: (min: number) =>
    `Vähintään ${min} merkkiä. Käytä salalausetta: useita sanoja, jotka muistat mutta joita muut eivät arvaa, esimerkiksi neljä sanaa välilyönnein.`,
  sv: (min: number) =>
    `Minst ${min} tecken. Använd en lösenfras: flera ord som du minns men som andra inte gissar, till exempel fyra ord med mellanslag.`,
  en: (min: number) =>
    `At least ${min} characters. Use a passphrase: several words you remember but others would not guess, for example four words with spaces.`,
};
const hint = (page: Page) => page.locator("#password-hint").textContent();

async function submit(page: Page) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.locator("main form button[type=submit]").last().click(),
  ]);
  await page.waitForLoadState("load");
}

describe.each([true, false])("new-password hints, JavaScript %s", (javaScriptEnabled) => {
  it("/forgot-password's second step: the minimum of the organisation the name belongs to, known or not, also after a refusal", async () => {
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    for (const [identifier, min] of [
      [`ei-ketaan-${javaScriptEnabled}`, MINIMUMS["200"]],
      [`ei-ketaan-${javaScriptEnabled}@123`, MINIMUMS["123"]],
    ] as const) {
      await page.goto("/forgot-password");
      await page.locator("#identifier").fill(identifier);
      await page.locator("#channel-email").check();
      await submit(page);
      expect(await hint(page)).toBe(HINTS.fi(min));
      // The step's own answer (a wrong code) keeps it: without JavaScript that is a new page.
      await page.locator("#code").fill("123456");
      await page.locator("#password").fill("lyhyt");
      await page.locator("#repeat").fill("lyhyt");
      await submit(page);
      await page.locator("#password-error").waitFor();
      expect(await hint(page)).toBe(HINTS.fi(min));
      if (javaScriptEnabled) await expectNoAxeViolations(page);
    }
    await context.close();
  });

  it("/reset-password/[token] and activation: the minimum of the account's organisation", async () => {
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    // A member of the default organisation: /order-password is its form (it reveals unknown accounts).
    const person = await createWithCli({ licence: "200" });
    await page.goto(linkIn((await latestMessage(baseURL(), person.email, "ActivationEmail")).text));
    expect(await hint(page)).toBe(HINTS.fi(MINIMUMS["200"]));
    await page.goto("/order-password");
    await page.locator("#email").fill(person.email);
    await submit(page);
    await page.goto(linkIn((await latestMessage(baseURL(), person.email, "ResetLinkEmail")).text));
    expect(await hint(page)).toBe(HINTS.fi(MINIMUMS["200"]));
    if (javaScriptEnabled) await expectNoAxeViolations(page);
    await context.close();
  });
});

describe.each([
  { locale: "sv-FI", language: "sv" as const },
  { locale: "en-GB", language: "en" as const },
])("new-password hints in $locale", ({ locale, language }) => {
  it("are translated", async () => {
    const context = await newContext(browser, { locale });
    const page = await context.newPage();
    const person = await createWithCli();
    await page.goto(linkIn((await latestMessage(baseURL(), person.email, "ActivationEmail")).text));
    expect(await hint(page)).toBe(HINTS[language](MINIMUMS["123"]));
    await page.goto("/forgot-password");
    await page.locator("#identifier").fill(`${language}-ei-ketaan@123`);
    await page.locator("#channel-email").check();
    await submit(page);
    expect(await hint(page)).toBe(HINTS[language](MINIMUMS["123"]));
    await expectNoAxeViolations(page);
    await context.close();
  });
});
