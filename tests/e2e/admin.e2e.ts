import { eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createActiveMember, createWithCli, latestMessage, tabTo, uniqueUsername } from "./helpers/accounts";
import { users } from "@/lib/db/schema";
import { auditOf, failNewestMessage, userByEmailInDb, withDb } from "./helpers/admin-db";
import { baseURL, expectNoAxeViolations, launchChromium, newContext, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

const MEMBER_PASSWORD = "vanha salasana joka unohtui";

async function asAdmin(
  opts: { javaScriptEnabled?: boolean; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, opts);
  const page = await context.newPage();
  await signIn(page, "admin@123");
  return { context, page };
}

/** Finds a person in the list by a search and opens their page. */
async function openUser(page: Page, search: string, linkName: string) {
  await page.goto(`/admin?q=${encodeURIComponent(search)}`);
  // the failed-messages notice may name the person too
  await page.locator("main table").getByRole("link", { name: linkName }).click();
  await page.waitForURL((u) => u.pathname.startsWith("/admin/users/"));
  await page.locator("h1").waitFor();
}

/** Opens an action's confirmation and confirms it. */
async function confirm(page: Page, action: string) {
  await page.getByRole("link", { name: action, exact: true }).click();
  await page.locator("#confirm").waitFor();
  await Promise.all([
    page.waitForURL((u) => u.searchParams.has("done") || u.searchParams.has("failed")),
    page.locator("#confirm button[type=submit]").click(),
  ]);
}

describe.each([true, false])("administration as admin@123, JavaScript %s", (javaScriptEnabled) => {
  const axe = (page: Page) => (javaScriptEnabled ? expectNoAxeViolations(page) : Promise.resolve());

  it("creates a user, whose activation e-mail goes out", async () => {
    const { context, page } = await asAdmin({ javaScriptEnabled });
    await page.goto("/account");
    await page.getByRole("link", { name: "Ylläpito: organisaation käyttäjät" }).click();
    await page.waitForURL((u) => u.pathname === "/admin");
    expect(await page.locator("h1").textContent()).toBe("Käyttäjät");
    await axe(page);
    await page.getByRole("link", { name: "Luo käyttäjä" }).click();
    await page.waitForURL((u) => u.pathname === "/admin/users/new");
    // Refused first: a bad address, then a taken username.
    await page.locator("#identifier").fill("maija");
    await page.locator("#email").fill("ei-osoite");
    await page.getByRole("button", { name: "Luo ja lähetä aktivointi" }).click();
    await page.locator("#email-error").waitFor();
    expect(await page.locator("#email-error").textContent()).toContain("Tarkista sähköpostiosoite");
    await axe(page);
    await page.locator("#email").fill("maija.toinen@example.com");
    await page.getByRole("button", { name: "Luo ja lähetä aktivointi" }).click();
    await page.locator("#identifier-error").waitFor();
    expect(await page.locator("#identifier-error").textContent()).toBe(
      "Käyttäjätunnus on jo käytössä organisaatiossasi.",
    );
    const username = uniqueUsername();
    await page.locator("#identifier").fill(username);
    await page.locator("#displayName").fill("Uolevi Uusi");
    await page.locator("#email").fill(`${username}@example.com`);
    await page.locator("#language").selectOption("sv");
    await page.getByRole("button", { name: "Luo ja lähetä aktivointi" }).click();
    await page.waitForURL((u) => u.pathname.startsWith("/admin/users/"));
    expect(await page.getByRole("status").first().textContent()).toBe(
      `${username}@123 on luotu. Aktivointiviesti on matkalla.`,
    );
    const mail = await latestMessage(baseURL(), `${username}@example.com`, "ActivationEmail");
    expect(mail.text).toContain(`${username}@123`);
    expect(await page.locator("main").textContent()).toContain("Kutsuttu");
    await axe(page);
    // Audited as created by this administrator, through the /admin form's action.
    const userId = new URL(page.url()).pathname.split("/").pop()!;
    const admin = await userByEmailInDb("admin@example.com");
    expect(await auditOf(userId, "user.created")).toEqual([
      expect.objectContaining({
        actorUserId: admin.id,
        organizationId: admin.organizationId,
        details: { role: "member", by: "admin" },
      }),
    ]);
    await context.close();
  });

  it("locks, unlocks and disables a member, and the member's session feels it at once", async () => {
    const member = await createActiveMember();
    const memberContext = await newContext(browser);
    const memberPage = await memberContext.newPage();
    await signIn(memberPage, member.identifier, MEMBER_PASSWORD);

    const { context, page } = await asAdmin({ javaScriptEnabled });
    await openUser(page, member.username, "Essi Esimerkki");
    expect(await page.locator("main").textContent()).toContain("Voimassa olevat istunnot1");
    await confirm(page, "Lukitse");
    expect(await page.getByRole("status").first().textContent()).toBe("Tili on lukittu ja sen istunnot päätetty.");
    await axe(page);
    // The member's next request finds the session gone.
    await memberPage.goto("/account");
    await memberPage.waitForURL((u) => u.pathname === "/login");

    await confirm(page, "Avaa lukitus");
    expect(await page.getByRole("status").first().textContent()).toBe("Tilin lukitus on avattu.");
    await signIn(memberPage, member.identifier, MEMBER_PASSWORD);

    await confirm(page, "Poista käytöstä");
    expect(await page.getByRole("status").first().textContent()).toBe(
      "Tili on poistettu käytöstä ja sen istunnot päätetty.",
    );
    await memberPage.goto("/account");
    await memberPage.waitForURL((u) => u.pathname === "/login");
    // The audit trail names the administrator.
    expect(await page.locator("main table").last().textContent()).toContain("Poistettu käytöstäAino Ylläpitäjä");
    await context.close();
    await memberContext.close();
  });

  it("imports a register: dry run, then apply with activation e-mails", async () => {
    const { context, page } = await asAdmin({ javaScriptEnabled });
    const a = uniqueUsername();
    const b = uniqueUsername();
    const csv = `Käyttäjätunnus;Nimi;Sähköposti;Puhelin;Kieli\n${a};Aapo Tuotu;${a}@example.com;;fi\n${b};Beata Tuotu;${b}@example.com;12;sv\nmaija;Maija Meikäläinen;;;\n`;
    await page.goto("/admin/import");
    expect(await page.locator("h1").textContent()).toBe("Tuo jäsenrekisteri");
    await page.getByRole("button", { name: "Tarkista tiedosto" }).click();
    await page.locator("#file-error").waitFor();
    expect(await page.locator("#file-error").textContent()).toBe("Valitse CSV-tiedosto.");
    await axe(page);
    await page.locator("#file").setInputFiles({ name: "jasenet.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Tarkista tiedosto" }).click();
    await page.waitForURL((u) => /^\/admin\/import\/[0-9a-f-]{36}$/.test(u.pathname));
    expect(await page.locator("h1").textContent()).toBe("Tiedoston jasenet.csv tarkistus");
    expect(await page.locator("main").textContent()).toContain("1 uutta, 0 muuttunutta, 1 ennallaan, 1 virheellistä.");
    expect(await page.locator("main table").textContent()).toContain("puhelin: virheellinen");
    await axe(page);
    await page.getByRole("button", { name: "Tuo rekisteri" }).click();
    await page.waitForURL((u) => u.searchParams.has("created"));
    expect(await page.getByRole("status").first().textContent()).toBe(
      "Tuotu: 1 luotu, 0 muutettu, 1 ohitettu; 1 aktivointiviestiä matkalla.",
    );
    await latestMessage(baseURL(), `${a}@example.com`, "ActivationEmail");
    await axe(page);
    // A file that is not UTF-8 is refused with a clear message.
    await page.goto("/admin/import");
    await page.locator("#file").setInputFiles({
      name: "latin1.csv",
      mimeType: "text/csv",
      buffer: Buffer.from([...Buffer.from("username;name\nj"), 0xe4, ...Buffer.from("rvi;J\n")]),
    });
    await page.getByRole("button", { name: "Tarkista tiedosto" }).click();
    await page.locator("#file-error").waitFor();
    expect(await page.locator("#file-error").textContent()).toContain("ei ole UTF-8-tekstiä");
    await context.close();
  });
});

describe("administration guards", () => {
  it("a member gets 'not found' at /admin; an administrator is not offered, nor given, their own lock or demotion", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "maija@123");
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(404);
    await context.close();

    const admin = await asAdmin();
    await openUser(admin.page, "admin", "Aino Ylläpitäjä");
    const offered = await admin.page.locator("main ul a").allTextContents();
    expect(offered.length).toBeGreaterThan(0);
    for (const action of [
      "Lukitse",
      "Poista käytöstä",
      "Kirjaa ulos kaikilta laitteilta",
      "Poista pääkäyttäjän oikeudet",
    ])
      expect(offered).not.toContain(action);
    // A hand-made confirmation link shows nothing to confirm.
    await admin.page.goto(`${admin.page.url()}?confirm=makeMember`);
    expect(await admin.page.locator("#confirm").count()).toBe(0);
    await admin.context.close();
  });
});

describe("by keyboard alone", () => {
  it("searches, opens a person and confirms an action", async () => {
    const member = await createActiveMember();
    const { context, page } = await asAdmin();
    await page.goto("/admin");
    await tabTo(page, (el) => el.id === "q");
    await page.keyboard.type(member.username);
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.searchParams.get("q") === member.username);
    await tabTo(page, (el) => el.text === "Essi Esimerkki");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname.startsWith("/admin/users/"));
    await page.locator("h1").waitFor();
    await tabTo(page, (el) => el.text === "Kirjaa ulos kaikilta laitteilta");
    await page.keyboard.press("Enter");
    await page.locator("#confirm").waitFor();
    await tabTo(page, (el) => el.text.startsWith("Kyllä, jatka"));
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.searchParams.get("done") === "revokeSessions");
    await context.close();
  });
});

describe.each([
  { lang: "sv", title: "Användare" },
  { lang: "en", title: "Users" },
  { lang: "fi", title: "Käyttäjät" },
])("administration pages in $lang", ({ lang, title }) => {
  it("have no axe violation", async () => {
    // An administrator of their own whose language is `lang`: signing in brings the pages in it.
    const admin = await createActiveMember({ admin: true, lang });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, admin.identifier, MEMBER_PASSWORD);
    await page.goto("/admin?q=a&sort=lastLogin&dir=desc");
    expect(await page.locator("h1").textContent()).toBe(title);
    await expectNoAxeViolations(page);
    await page.goto("/admin/users/new");
    await page.locator("form button[type=submit]").last().click();
    await page.locator("#identifier-error").waitFor();
    await expectNoAxeViolations(page);
    await openUser(page, "maija", "Maija Meikäläinen");
    await page.goto(`${page.url()}?confirm=sendPasswordLink#confirm`);
    await page.locator("#confirm").waitFor();
    await expectNoAxeViolations(page);
    await page.goto("/admin/import?problem=tooLarge");
    await expectNoAxeViolations(page);
    // The import check page, with rows of every outcome.
    const fresh = uniqueUsername();
    await page.locator("#file").setInputFiles({
      name: "axe.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`username;name;email;phone\n${fresh};Uusi U;${fresh}@example.com;\nmaija;;;\nerik;;;12\n`),
    });
    await page.locator("form[action='/admin/import/upload'] button[type=submit]").click();
    await page.waitForURL((u) => /^\/admin\/import\/[0-9a-f-]{36}$/.test(u.pathname));
    expect(await page.locator("main table tbody tr").count()).toBe(3);
    await expectNoAxeViolations(page);
    // A user page showing a failed message, and its "send again" confirmation.
    const member = await createWithCli({ lang });
    await latestMessage(baseURL(), member.email, "ActivationEmail");
    const messageId = await failNewestMessage(member.email);
    await openUser(page, member.username, "Essi Esimerkki");
    expect(await page.locator(`main a[href*='message=${messageId}']`).count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.goto(`${page.url()}?confirm=resendMessage&message=${messageId}#confirm`);
    await page.locator("#confirm").waitFor();
    await expectNoAxeViolations(page);
    await page.goto("/admin/audit?from=2026-13-45");
    await page.locator("main [role=alert]").waitFor();
    await expectNoAxeViolations(page);
    await page.goto("/admin/audit?event=admin.lock");
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe("password reset by code paused by wrong codes", () => {
  it("the user's page says so, and Avaa lukitus reopens it", async () => {
    const member = await createActiveMember();
    await withDb((db) => db.update(users).set({ recoveryCodeFailures: 20 }).where(eq(users.email, member.email)));
    const { context, page } = await asAdmin();
    await openUser(page, member.username, "Essi Esimerkki");
    expect(await page.locator("main").textContent()).toContain(
      "Salasanan uusiminen koodilla on keskeytetty: tunnukselle annettiin 20 väärää koodia peräkkäin.",
    );
    await expectNoAxeViolations(page);
    await confirm(page, "Avaa lukitus");
    expect(await page.getByRole("status").first().textContent()).toBe("Tilin lukitus on avattu.");
    expect(await page.locator("main").textContent()).not.toContain("Salasanan uusiminen koodilla on keskeytetty");
    expect((await userByEmailInDb(member.email)).recoveryCodeFailures).toBe(0);
    await context.close();
  });
});
