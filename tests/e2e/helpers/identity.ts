import type { BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";
import { connectPostgres } from "@/lib/db/client";

/** The test's identity provider ("Testitunnistus", the e2e server's only provider). */
export const PROVIDER = "Testitunnistus";
export const idp = () => inject("identityProviderURL");
const onTunnus = (u: URL) => !u.href.startsWith(idp());

/**
 * Presses the button that leads to the test's identity provider, signs in there as `login` and
 * consents, as far as the provider asks (a second visit in the same browser may ask nothing),
 * until the browser is back at Tunnus.
 */
export async function passIdentityProvider(page: Page, login: string, press: () => Promise<void>) {
  const from = page.url();
  await press();
  // At the provider, or (a provider that asks nothing) already back at another page of ours.
  await page.waitForURL((u) => u.href.startsWith(idp()) || u.href.split("#")[0] !== from.split("#")[0]);
  // Sign-in and consent share one address at the provider: wait for each form to go, not for the URL.
  for (let step = 0; step < 4 && page.url().startsWith(idp()); step++) {
    await page.waitForLoadState("load");
    const loginField = page.locator("input[name=login]");
    const consent = page.getByRole("button", { name: "Continue" });
    if (await loginField.isVisible()) {
      await loginField.fill(login);
      await page.locator("input[name=password]").fill("mitä tahansa");
      await page.getByRole("button", { name: "Sign-in" }).click();
      await loginField.waitFor({ state: "detached" });
    } else if (await consent.isVisible()) {
      await consent.click();
      await consent.waitFor({ state: "detached" });
    }
  }
  await page.waitForURL(onTunnus);
  await page.waitForLoadState("load");
}

/** The e2e server's database, to look behind the pages (and to set up what no page offers). */
export async function withDb<T>(
  work: (db: Awaited<ReturnType<typeof connectPostgres>>["db"]) => Promise<T>,
): Promise<T> {
  const h = await connectPostgres(inject("databaseURL"), { prepare: false, max: 1 });
  try {
    return await work(h.db);
  } finally {
    await h.close();
  }
}

export const sessionCookie = async (context: BrowserContext) =>
  (await context.cookies()).find((c) => /tunnus\.session/.test(c.name));
