import { eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions } from "@/lib/db/schema";
import { userByEmail } from "../helpers/fixtures";
import { createActiveMember, latestMessage } from "./helpers/accounts";
import { baseURL, launchChromium, newContext, signIn } from "./helpers/browser";
import { withDb } from "./helpers/identity";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

const PASSWORD = "vanha salasana joka unohtui";
const time = (d: Date) =>
  new Intl.DateTimeFormat("fi", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Helsinki" }).format(d);
const activeSessionsOf = (email: string) =>
  withDb(async (db) => {
    const user = await userByEmail(db, email);
    return (await db.select().from(sessions).where(eq(sessions.userId, user.id))).filter((s) => !s.revokedAt);
  });

/** Two browsers signed in as one new member: "another device" first, then "this one". */
async function twoDevices(javaScriptEnabled: boolean) {
  const member = await createActiveMember();
  const other = await newContext(browser);
  const otherPage = await other.newPage();
  await signIn(otherPage, member.identifier, PASSWORD);
  const context = await newContext(browser, { javaScriptEnabled });
  const page = await context.newPage();
  await signIn(page, member.identifier, PASSWORD);
  return { member, other, otherPage, context, page };
}
const signedOutOnNextLoad = async (page: Page) => {
  await page.goto("/account");
  expect(new URL(page.url()).pathname).toBe("/login");
};
const closeAll = (...contexts: BrowserContext[]) => Promise.all(contexts.map((c) => c.close()));

describe.each([true, false])("the device list, JavaScript %s", (javaScriptEnabled) => {
  it("shows each device's start, last use and address, holds no session id, and signs one device out", async () => {
    const { member, other, otherPage, context, page } = await twoDevices(javaScriptEnabled);
    const devices = page.locator("#sessions li");
    expect(await devices.count()).toBe(2);
    expect(await page.locator("#sessions li", { hasText: "Tämä laite" }).count()).toBe(1);
    const rows = await activeSessionsOf(member.email);
    const text = (await page.locator("#sessions").textContent()) ?? "";
    for (const row of rows) {
      expect(text).toContain(
        `Kirjautui: ${time(row.createdAt)} · Viimeksi käytetty: ${time(row.lastSeenAt)} · IP-osoite: ${row.ip}`,
      );
    }
    expect(text).toContain("Chrome");
    // Neither the page nor its RSC payload (what a client-side navigation fetches) names a session by its id.
    const html = await (await context.request.get("/account")).text();
    const flight = await (await context.request.get("/account", { headers: { RSC: "1" } })).text();
    for (const row of rows) for (const body of [html, flight, await page.content()]) expect(body).not.toContain(row.id);

    await page
      .locator("#sessions li")
      .filter({ hasNotText: "Tämä laite" })
      .getByRole("button", { name: "Kirjaa ulos" })
      .click();
    await page.getByText("Laitteen istunto on päätetty.").waitFor();
    expect(await devices.count()).toBe(1);
    await signedOutOnNextLoad(otherPage);
    await page.goto("/account");
    expect(new URL(page.url()).pathname).toBe("/account");
    await closeAll(other, context);
  });

  it("'Kirjaudu ulos kaikilta laitteilta' signs out this device and the others", async () => {
    const { other, otherPage, context, page } = await twoDevices(javaScriptEnabled);
    await page.getByRole("button", { name: "Kirjaudu ulos kaikilta laitteilta" }).click();
    await page.waitForURL((u) => u.pathname === "/login");
    await signedOutOnNextLoad(page);
    await signedOutOnNextLoad(otherPage);
    await closeAll(other, context);
  });

  it("saves the language: the pages and the next message follow it", async () => {
    const member = await createActiveMember();
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    await signIn(page, member.identifier, PASSWORD);
    await page.locator("#locale").selectOption("sv");
    await page.getByRole("button", { name: "Tallenna kieli" }).click();
    await page.getByText("Språket har sparats.").waitFor();
    expect(await page.locator("h1").textContent()).toBe("Mitt konto");
    expect(await page.locator("#locale").inputValue()).toBe("sv");
    await page.locator("#email summary").click();
    await page.locator("#email-new").fill(`sv.${member.email}`);
    await page.locator("#email").getByRole("button", { name: "Skicka bekräftelsekod" }).click();
    const message = await latestMessage(baseURL(), `sv.${member.email}`, "VerificationCodeEmail");
    expect((message as unknown as { subject: string }).subject).toBe("Bekräftelsekod för e-postadressen");
    await context.close();
  });
});

describe("a password change", () => {
  it("signs the other device out on its next page load, and keeps this one", async () => {
    const { other, otherPage, context, page } = await twoDevices(true);
    const newPassword = "toisen laitteen uloskirjaus";
    await page.locator("#current").fill(PASSWORD);
    await page.locator("#password").fill(newPassword);
    await page.locator("#repeat").fill(newPassword);
    await page.locator("#password-change").getByRole("button", { name: "Vaihda salasana" }).click();
    await page.getByText("Salasana on vaihdettu. Muilla laitteilla olleet istunnot päätettiin: 1.").waitFor();
    await signedOutOnNextLoad(otherPage);
    await page.goto("/account");
    expect(new URL(page.url()).pathname).toBe("/account");
    await closeAll(other, context);
  });
});
