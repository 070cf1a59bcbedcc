import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postForm } from "@/scripts/form-client";
import { createActiveMember } from "./helpers/accounts";
import { baseURL, launchChromium, newContext } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

/** Submits the page's last form and waits for the server's answer to it. */
async function submit(page: Page) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.locator("form button[type=submit]").last().click(),
  ]);
}
const fieldError = (page: Page, id: string) => page.locator(`#${id}-error`).textContent();

describe("overlong and hostile values through the recovery forms", () => {
  it("get a clear Finnish message on every form, and the server never fails", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const statuses: number[] = [];
    page.on("response", (r) => statuses.push(r.status()));
    // The browser's maxlength is a convenience; the server must hold on its own.
    const unlimited = () =>
      page.evaluate(() => document.querySelectorAll("input").forEach((i) => i.removeAttribute("maxlength")));
    const long = "a".repeat(10_000);

    await page.goto("/forgot-password");
    await unlimited();
    await page.locator("#identifier").fill(long);
    await submit(page);
    await expect
      .poll(() => fieldError(page, "identifier"))
      .toBe("Käyttäjätunnus on muotoa käyttäjätunnus@lisenssinumero tai jäsennumero.");
    // Step two, reached with a name nobody has, and a 10 000-character code.
    await page.locator("#identifier").fill("ei-ketaan-taalla@123");
    await submit(page);
    await page.locator("#code").waitFor();
    await unlimited();
    await page.locator("#code").fill("9".repeat(10_000));
    await page.locator("#password").fill("talven pitkä pimeä aika");
    await page.locator("#repeat").fill("talven pitkä pimeä aika");
    await submit(page);
    await expect.poll(() => fieldError(page, "code")).toBe("Uusimiskoodissa on 6 numeroa.");
    await page.locator("#code").fill("123456");
    await page.locator("#password").fill("talven pitkä pimeä aika");
    await page.locator("#repeat").fill("talven pitkä pimeä aika");
    await submit(page);
    await expect
      .poll(() => fieldError(page, "code"))
      .toBe("Koodi on väärä tai vanhentunut. Tarkista koodi tai pyydä uusi koodi.");

    await page.goto("/order-password");
    await unlimited();
    await page.locator("#email").fill(`${long}@example.com`);
    await submit(page);
    await expect.poll(() => fieldError(page, "email")).toBe("Sähköpostiosoite on liian pitkä.");
    await page.locator("#email").fill("<script>alert(1)</script>@example.com");
    await submit(page);
    await expect
      .poll(() => fieldError(page, "email"))
      .toBe("Tarkista sähköpostiosoite (esimerkiksi nimi@esimerkki.fi).");

    await page.goto("/forgot-username");
    await unlimited();
    await page.locator("#contact").fill(long);
    await submit(page);
    await expect.poll(() => fieldError(page, "contact")).toBe("Sähköpostiosoite tai puhelinnumero on liian pitkä.");
    await page.locator("#contact").fill("' OR 1=1; DROP TABLE users; --");
    await submit(page);
    await expect.poll(() => fieldError(page, "contact")).toBe("Tarkista sähköpostiosoite tai puhelinnumero.");

    await page.goto(`/reset-password/${"A".repeat(10_000)}`);
    expect(await page.locator("h1").textContent()).toBe("Linkki ei ole voimassa");
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    await context.close();
  });
});

describe("the per-IP recovery limit over HTTP", () => {
  const member = { email: "", identifier: "" };
  beforeAll(async () => {
    Object.assign(member, await createActiveMember());
  });
  type Fields = Record<string, string>;
  const forms: { path: string; known: () => Fields; unknown: (tag: string) => Fields }[] = [
    {
      path: "/forgot-password",
      known: () => ({ identifier: member.identifier, channel: "email" }),
      unknown: (tag) => ({ identifier: `ei-ketaan-${tag}@123`, channel: "email" }),
    },
    {
      path: "/order-password",
      known: () => ({ email: member.email }),
      unknown: (tag) => ({ email: `ei-ketaan-${tag}@example.com` }),
    },
    {
      path: "/forgot-username",
      known: () => ({ contact: member.email }),
      unknown: (tag) => ({ contact: `ei-ketaan-${tag}@example.com` }),
    },
  ];

  it.each(forms.map((f, i) => ({ ...f, ip: `198.19.9.${i + 1}` })))(
    "$path: past 20, one translated refusal, the same for a known and an unknown account",
    async ({ path, known, unknown, ip }) => {
      const ask = (fields: Fields, language = "fi") =>
        postForm(baseURL(), path, fields, { headers: { "x-forwarded-for": ip, "accept-language": language } });
      for (let i = 0; i < 20; i++) expect((await ask(unknown(String(i)))).status).toBe(200);
      const page = async (fields: Fields, language?: string) => {
        const r = await ask(fields, language);
        expect(r.status).toBe(200);
        // The nonce differs per request by design; the typed value is echoed back into its field.
        const nonce = /nonce="([^"]+)"/.exec(r.text)![1]!;
        return r.text.replaceAll(nonce, "NONCE").replaceAll(Object.values(fields)[0]!, "TYPED");
      };
      const [knownPage, unknownPage] = [await page(known()), await page(unknown("x"))];
      expect(knownPage).toContain("Liian monta pyyntöä. Yritä myöhemmin uudelleen.");
      expect(knownPage).toBe(unknownPage);
      expect(await page(known(), "sv")).toContain("För många begäranden. Försök igen senare.");
      expect(await page(known(), "en")).toContain("Too many requests. Please try again later.");
    },
  );
});
