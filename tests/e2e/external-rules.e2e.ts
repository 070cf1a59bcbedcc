import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, users } from "@/lib/db/schema";
import { userByEmail } from "../helpers/fixtures";
import { createActiveMember, tabTo } from "./helpers/accounts";
import { baseURL, launchChromium, newContext, signIn } from "./helpers/browser";
import { idp, PROVIDER, passIdentityProvider, withDb } from "./helpers/identity";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

const PASSWORD = "vanha salasana joka unohtui";

/**
 * A request with headers fetch() will not send (Host): the answer's status, headers and body,
 * redirects not followed.
 */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(
        new URL(path, baseURL()),
        { method: opts.method ?? "GET", headers: opts.headers },
        (res) => {
          let body = "";
          res.on("data", (d) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        },
      );
      req.on("error", reject);
      req.end(opts.body);
    },
  );
}

/**
 * An outside account of the test provider linked straight in the database (the consent round trip
 * is tested elsewhere).
 */
async function linkInDb(email: string) {
  const sub = `suora-${randomBytes(4).toString("hex")}`;
  await withDb(async (db) => {
    const user = await userByEmail(db, email);
    await db
      .insert(accounts)
      .values({ userId: user.id, provider: "oidc", providerAccountId: sub, label: `${sub}@idp.example` });
  });
  return sub;
}

describe("a forged Host header", () => {
  it("changes none of Auth.js's addresses: the provider's callback and the redirects stay on APP_ORIGIN", async () => {
    const forged = { host: "evil.example", "x-forwarded-host": "evil.example" };
    const csrf = await raw("/api/auth/csrf", { headers: forged });
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    const cookie = (csrf.headers["set-cookie"] as string[]).map((c) => c.split(";")[0]).join("; ");
    const signin = await raw("/api/auth/signin/oidc", {
      method: "POST",
      headers: { ...forged, cookie, "content-type": "application/x-www-form-urlencoded", origin: baseURL() },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/account" }).toString(),
    });
    expect(signin.status).toBe(302);
    const toProvider = new URL(String(signin.headers.location));
    expect(toProvider.href.startsWith(idp())).toBe(true);
    expect(toProvider.searchParams.get("redirect_uri")).toBe(`${baseURL()}/api/auth/callback/oidc`);
    // Auth.js's own sign-in page sends the browser to ours, with a return address on the configured origin.
    const page = await raw("/api/auth/signin", { headers: forged });
    expect(page.status).toBe(302);
    const toLogin = new URL(String(page.headers.location), baseURL());
    expect([toLogin.origin, toLogin.pathname, toLogin.searchParams.get("callbackUrl")]).toEqual([
      baseURL(),
      "/login",
      baseURL(),
    ]);
    expect(JSON.stringify([signin.headers, page.headers])).not.toContain("evil.example");
  });
});

describe("the login page", () => {
  it("shows exactly the configured providers: one button for the test provider, none for the others", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/login");
    const section = page.locator("section[aria-labelledby=external-sign-in]");
    expect(await section.getByRole("button").allTextContents()).toEqual([`Kirjaudu: ${PROVIDER}`]);
    const text = (await page.locator("main").textContent()) ?? "";
    for (const other of ["Google", "Microsoft", "Facebook", "Kirjaudu: X"]) expect(text).not.toContain(other);
    await context.close();
  });
});

describe.each([true, false])("'Poista yhteys', JavaScript %s", (javaScriptEnabled) => {
  it("is refused, with the reason shown, when the link is the person's last way in", async () => {
    const member = await createActiveMember();
    const sub = await linkInDb(member.email);
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    await signIn(page, member.identifier, PASSWORD);
    // The password goes (as for a member who never set one): the outside account is all that is left.
    await withDb((db) => db.update(users).set({ passwordHash: null }).where(eq(users.email, member.email)));
    await page
      .locator("#external")
      .getByRole("button", { name: `Poista yhteys: ${PROVIDER}` })
      .click();
    const alert = page.locator("#external [role=alert]");
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      "Yhteyttä ei poistettu: se on ainoa tapasi kirjautua. Aseta ensin salasana.",
    );
    expect(await page.locator("#external").textContent()).toContain(`${sub}@idp.example`);
    expect(await withDb((db) => db.select().from(accounts).where(eq(accounts.providerAccountId, sub)))).toHaveLength(1);
    await context.close();
  });
});

describe("by keyboard alone", () => {
  it("signs in with the provider button on /login, then removes the link", async () => {
    const member = await createActiveMember();
    const sub = await linkInDb(member.email);
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/login");
    await tabTo(page, (el) => el.tag === "button" && el.text === `Kirjaudu: ${PROVIDER}`);
    await passIdentityProvider(page, sub, () => page.keyboard.press("Enter"));
    expect(new URL(page.url()).pathname).toBe("/account");
    await tabTo(page, (el) => el.tag === "button" && el.text === "Poista yhteys", 80);
    await page.keyboard.press("Enter");
    await page.getByText("Yhteys ulkoiseen tiliin on poistettu.").waitFor();
    expect(await withDb((db) => db.select().from(accounts).where(eq(accounts.providerAccountId, sub)))).toEqual([]);
    await context.close();
  });
});
