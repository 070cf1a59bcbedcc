import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must, secretFromUrl } from "../helpers/fixtures";
import { createWithCli, latestMessage, linkIn } from "./helpers/accounts";
import { auditOf, failNewestMessage, messageRow, userByEmailInDb } from "./helpers/admin-db";
import { baseURL, expectNoAxeViolations, launchChromium, newContext, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

describe.each([true, false])(
  "a failed message on /admin and a user's page, JavaScript %s",
  { timeout: 120_000 },
  (javaScriptEnabled) => {
    it('/admin tells of it; "Lähetä uudelleen" sends a new message with a new link', async () => {
      const member = await createWithCli();
      const first = await latestMessage(baseURL(), member.email, "ActivationEmail");
      // As a provider outage would leave it: failed for good, its link removed, audited.
      const messageId = await failNewestMessage(member.email);
      const subject = await userByEmailInDb(member.email);
      expect(await auditOf(subject.id, "message.failed")).toMatchObject([
        { details: { template: "ActivationEmail", channel: "email" } },
      ]);
      expect(JSON.stringify(await messageRow(messageId))).not.toContain(secretFromUrl(linkIn(first.text)));

      const context = await newContext(browser, { javaScriptEnabled });
      const page = await context.newPage();
      await signIn(page, "admin@123");
      await page.goto("/admin");
      const notice = page.locator("section[aria-labelledby=failed-heading]");
      expect(await notice.getByRole("heading").textContent()).toMatch(/ei mennyt perille viimeisen 7 päivän aikana$/);
      // axe runs inside the page: only where scripts run.
      if (javaScriptEnabled) await expectNoAxeViolations(page);
      await notice.getByRole("link", { name: "Essi Esimerkki" }).first().waitFor();
      await page.goto(`/admin/users/${subject.id}`);
      const row = page.locator("main table tbody tr", { hasText: "Aktivointilinkki" });
      expect(await row.textContent()).toContain("Epäonnistui");
      await row.getByRole("link", { name: "Lähetä uudelleen" }).click();
      await page.locator("#confirm").waitFor();
      expect(await page.locator("#confirm").textContent()).toContain(
        "Lähetetäänkö henkilölle Essi Esimerkki uusi viesti uudella linkillä?",
      );
      await Promise.all([
        page.waitForURL((u) => u.searchParams.get("done") === "resendMessageFresh"),
        page.locator("#confirm button[type=submit]").click(),
      ]);
      expect(await page.getByRole("status").first().textContent()).toBe(
        "Uusi viesti uudella linkillä lähetetään. Vanha linkki ei enää toimi.",
      );

      // The failed one stays failed, pointing to the new one, which is sent after the response with a new link.
      const replacedBy = (await messageRow(messageId)).replacedBy;
      expect(replacedBy).toBeTruthy();
      await expect
        .poll(async () => (await messageRow(must(replacedBy, "the new message's id"))).status, { timeout: 15_000 })
        .toBe("sent");
      const fresh = await latestMessage(baseURL(), member.email, "ActivationEmail");
      expect(linkIn(fresh.text)).not.toBe(linkIn(first.text));
      await page.reload();
      expect(await page.locator("main table tbody tr", { hasText: "Epäonnistui" }).textContent()).toContain(
        "Lähetetty uudelleen uutena viestinä.",
      );
      expect(await page.getByRole("link", { name: "Lähetä uudelleen" }).count()).toBe(0);
      const [audit] = await auditOf(subject.id, "admin.resendMessage");
      expect(audit).toMatchObject({
        actorUserId: (await userByEmailInDb("admin@example.com")).id,
        details: { template: "ActivationEmail", channel: "email", fresh: true },
      });

      // The new link opens the activation; the old one no longer does.
      await page.goto(new URL(linkIn(fresh.text)).pathname);
      expect(await page.locator("main").textContent()).toContain("Luo salasana");
      await page.goto(new URL(linkIn(first.text)).pathname);
      expect(await page.locator("main").textContent()).toContain("Aktivointilinkki ei ole voimassa");
      await context.close();
    });
  },
);
