import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect, inject } from "vitest";

export const baseURL = () => inject("baseURL");
/** The same build and database, served without outside sign-in providers: `/login` is the prerendered page there. */
export const plainBaseURL = () => inject("plainBaseURL");

/** Debian's Chromium, never a downloaded browser; the flags keep it off this closed network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

let visitor = 0;

/**
 * A fresh browser profile, as another person would have: its own cookies and its own address
 * (X-Forwarded-For, as a proxy would set it), so the per-IP limits meet people, not the test run.
 */
export function newContext(
  browser: Browser,
  opts: { locale?: string; javaScriptEnabled?: boolean; baseURL?: string } = {},
): Promise<BrowserContext> {
  visitor++;
  return browser.newContext({
    baseURL: opts.baseURL ?? baseURL(),
    locale: opts.locale ?? "fi-FI",
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    extraHTTPHeaders: { "x-forwarded-for": `198.18.${Math.floor(visitor / 250)}.${(visitor % 250) + 1}` },
  });
}

export const DEMO_PASSWORD = "demo-salasana-2026";

/** Signs in through the form as a person would, and waits for the account page. */
export async function signIn(page: Page, identifier: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.locator("#identifier").fill(identifier);
  await page.locator("#password").fill(password);
  await page.locator("form:has(#identifier) button[type=submit]").click();
  await page.waitForURL((u) => u.pathname === "/account");
}

/** The form's error summary (Next's route announcer is an alert too, outside main). */
export const formAlert = (page: Page) => page.locator("main [role=alert]");

/** WCAG 2.2 A and AA, as DEVELOPERS.md asks: no violation at all. */
export async function expectNoAxeViolations(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const summary = result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary).toEqual([]);
}
