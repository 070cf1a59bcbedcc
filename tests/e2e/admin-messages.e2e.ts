import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWithCli, latestMessage } from "./helpers/accounts";
import { auditOf, failNewestMessage, messageRow, userByEmailInDb } from "./helpers/admin-db";
import { baseURL, launchChromium, newContext, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

describe.each([true, false])("a failed message on a user's page, JavaScript %s", (javaScriptEnabled) => {
  it("shows as failed, and \"Lähetä uudelleen\" sends it again", async () => {
    const member = await createWithCli();
    await latestMessage(baseURL(), member.email, "ActivationEmail");
    // As a provider outage would leave it: failed for good.
    const messageId = await failNewestMessage(member.email);

    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    await signIn(page, "admin@123");
    await page.goto(`/admin?q=${member.username}`);
    await page.getByRole("link", { name: "Essi Esimerkki" }).click();
    await page.waitForURL((u) => u.pathname.startsWith("/admin/users/"));
    const row = page.locator("main table tbody tr", { hasText: "Aktivointilinkki" });
    expect(await row.textContent()).toContain("Epäonnistui");
    await row.getByRole("link", { name: "Lähetä uudelleen" }).click();
    await page.locator("#confirm").waitFor();
    expect(await page.locator("#confirm").textContent()).toContain("Essi Esimerkki");
    await Promise.all([page.waitForURL((u) => u.searchParams.get("done") === "resendMessage"), page.locator("#confirm button[type=submit]").click()]);
    expect(await page.getByRole("status").first().textContent()).toBe("Viesti lähetetään uudelleen.");

    // Sent after the response; the page then shows it as sent, with no link to send it again.
    await expect.poll(async () => (await messageRow(messageId)).status, { timeout: 15_000 }).toBe("sent");
    expect(await messageRow(messageId)).toMatchObject({ lastError: null });
    await page.reload();
    expect(await page.locator("main table tbody tr", { hasText: "Aktivointilinkki" }).first().textContent()).toContain("Lähetetty");
    expect(await page.getByRole("link", { name: "Lähetä uudelleen" }).count()).toBe(0);
    const [audit] = await auditOf((await userByEmailInDb(member.email)).id, "admin.resendMessage");
    expect(audit).toMatchObject({ actorUserId: (await userByEmailInDb("admin@example.com")).id, details: { template: "ActivationEmail", channel: "email" } });
    await context.close();
  });
});
