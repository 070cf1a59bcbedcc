import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, sessions } from "@/lib/db/schema";
import { userByEmail } from "../helpers/fixtures";
import { createActiveMember, tabTo } from "./helpers/accounts";
import { expectNoAxeViolations, launchChromium, newContext, signIn } from "./helpers/browser";
import { PROVIDER, passIdentityProvider, sessionCookie, withDb } from "./helpers/identity";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

const PASSWORD = "vanha salasana joka unohtui";

describe.each([true, false])("external sign-in, JavaScript %s", (javaScriptEnabled) => {
  it("links the outside account on /account, then signs in through the provider after signing out", async () => {
    const member = await createActiveMember();
    const outsideLogin = `ulko-${randomBytes(4).toString("hex")}`;
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    await signIn(page, member.identifier, PASSWORD);

    const section = page.locator("#external");
    await expect.poll(() => section.locator("h2").textContent()).toBe("Ulkoinen kirjautuminen");
    expect(await section.textContent()).toContain(`${PROVIDER}ei yhdistetty`);
    if (javaScriptEnabled) await expectNoAxeViolations(page);

    // "Yhdistä": the provider's sign-in and consent, then back on the account page, linked.
    await passIdentityProvider(page, outsideLogin, () =>
      section.getByRole("button", { name: `Yhdistä: ${PROVIDER}` }).click(),
    );
    expect(new URL(page.url()).pathname).toBe("/account");
    await page.getByText("Ulkoinen tili on yhdistetty. Voit nyt kirjautua myös sillä.").waitFor();
    expect(await section.textContent()).toContain(`${outsideLogin}@idp.example`);
    // The intent to link is spent with the consent: a later sign-in cannot turn into a link.
    expect((await context.cookies()).some((c) => c.name.includes("link-intent"))).toBe(false);
    await expect
      .poll(() =>
        withDb((db) =>
          db
            .select({ provider: accounts.provider, id: accounts.providerAccountId })
            .from(accounts)
            .where(eq(accounts.providerAccountId, outsideLogin)),
        ),
      )
      .toEqual([{ provider: "oidc", id: outsideLogin }]);
    if (javaScriptEnabled) await expectNoAxeViolations(page);

    // Sign out, then in through the provider: the account page, with a session row of that method.
    await page.getByRole("button", { name: "Kirjaudu ulos", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/login");
    expect(await sessionCookie(context)).toBeUndefined();
    await passIdentityProvider(page, outsideLogin, () =>
      page.getByRole("button", { name: `Kirjaudu: ${PROVIDER}` }).click(),
    );
    expect(new URL(page.url()).pathname).toBe("/account");
    await page.locator("#external").waitFor();
    expect(await page.locator("main").textContent()).toContain(member.identifier);
    expect(await page.locator("#sessions").textContent()).toContain(PROVIDER);
    const user = await withDb((db) => userByEmail(db, member.email));
    const rows = await withDb((db) => db.select().from(sessions).where(eq(sessions.userId, user.id)));
    expect(rows.filter((s) => s.method === "oidc" && !s.revokedAt)).toHaveLength(1);

    // "Poista yhteys" removes it; the person still has the password.
    await page
      .locator("#external")
      .getByRole("button", { name: `Poista yhteys: ${PROVIDER}` })
      .click();
    await page.getByText("Yhteys ulkoiseen tiliin on poistettu.").waitFor();
    expect(
      await withDb((db) => db.select().from(accounts).where(eq(accounts.providerAccountId, outsideLogin))),
    ).toEqual([]);
    await context.close();
  });

  it("an outside account nobody linked gets the explanation page and no session", async () => {
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    await page.goto("/login");
    await passIdentityProvider(page, `tuntematon-${randomBytes(4).toString("hex")}`, () =>
      page.getByRole("button", { name: `Kirjaudu: ${PROVIDER}` }).click(),
    );
    expect(new URL(page.url()).pathname).toBe("/login/not-linked");
    expect(await page.locator("h1").textContent()).toBe("Ulkoista tiliä ei ole yhdistetty");
    expect(await page.locator("main").textContent()).toContain(`Kirjauduit palvelun ${PROVIDER} tilillä`);
    expect(await sessionCookie(context)).toBeUndefined();
    await page.goto("/account");
    expect(new URL(page.url()).pathname).toBe("/login");
    await context.close();
  });
});

describe("accessibility of the external sign-in pages", () => {
  it.each([
    { locale: "fi-FI", lang: "fi", heading: "Ulkoinen kirjautuminen", notLinked: "Ulkoista tiliä ei ole yhdistetty" },
    { locale: "sv-FI", lang: "sv", heading: "Extern inloggning", notLinked: "Det externa kontot är inte kopplat" },
    { locale: "en-GB", lang: "en", heading: "External sign-in", notLinked: "This outside account is not linked" },
  ])(
    "no axe violation on /account with the section (and its password field) and on /login/not-linked, in $lang",
    async ({ locale, lang, heading, notLinked }) => {
      const member = await createActiveMember({ lang });
      const context = await newContext(browser, { locale });
      const page = await context.newPage();
      await signIn(page, member.identifier, PASSWORD);
      expect(await page.locator("#external h2").textContent()).toBe(heading);
      await expectNoAxeViolations(page);
      // After ten minutes the link button asks for the password first: that form too.
      await withDb(async (db) => {
        const user = await userByEmail(db, member.email);
        await db
          .update(sessions)
          .set({ createdAt: new Date(Date.now() - 20 * 60_000) })
          .where(eq(sessions.userId, user.id));
      });
      await page.reload();
      await page.locator("#external input[type=password]").waitFor();
      await expectNoAxeViolations(page);
      await page.goto("/login/not-linked?provider=oidc");
      expect(await page.locator("h1").textContent()).toBe(notLinked);
      await expectNoAxeViolations(page);
      await page.goto("/login");
      await expectNoAxeViolations(page);
      await context.close();
    },
  );
});

describe("by keyboard alone", () => {
  it("reaches and presses the link button, and the password asked after ten minutes guards it", async () => {
    const member = await createActiveMember();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, member.identifier, PASSWORD);
    await withDb(async (db) => {
      const user = await userByEmail(db, member.email);
      await db
        .update(sessions)
        .set({ createdAt: new Date(Date.now() - 20 * 60_000) })
        .where(eq(sessions.userId, user.id));
    });
    await page.reload();
    // A wrong password: refused, nothing linked, the message by the field.
    await tabTo(page, (el) => el.id === "external-password-oidc");
    await page.keyboard.type("väärä salasana");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.locator("#external-password-oidc-error").waitFor();
    expect(new URL(page.url()).pathname).toBe("/account");
    // The right one: off to the provider, and back linked.
    await tabTo(page, (el) => el.id === "external-password-oidc");
    await page.keyboard.type(PASSWORD);
    await passIdentityProvider(page, `nappis-${randomBytes(4).toString("hex")}`, () => page.keyboard.press("Enter"));
    await page.getByText("Ulkoinen tili on yhdistetty. Voit nyt kirjautua myös sillä.").waitFor();
    await context.close();
  });
});
