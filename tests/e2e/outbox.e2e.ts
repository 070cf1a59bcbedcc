import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectPostgres, type DbHandle } from "@/lib/db/client";
import { enqueue } from "@/lib/messages/outbox";
import { startNextServer } from "@/scripts/next-server";
import { activationMessage, codeSms } from "../helpers/messages";
import { must } from "../helpers/fixtures";
import { baseURL, expectNoAxeViolations, launchChromium, newContext } from "./helpers/browser";

let browser: Browser;
let h: DbHandle;
beforeAll(async () => {
  // Links are sealed under AUTH_SECRET: what this process queues, the server must be able to open.
  process.env.AUTH_SECRET = inject("authSecret");
  browser = await launchChromium();
  h = await connectPostgres(inject("databaseURL"), { prepare: false, max: 2 });
});
afterAll(async () => {
  await browser.close();
  await h.close();
});

const cron = (secret?: string) =>
  fetch(`${baseURL()}/api/cron/outbox`, { headers: secret ? { Authorization: `Bearer ${secret}` } : {} });

describe("the cron route and the dev mailbox (demo mode, capture transport)", () => {
  it("the cron route refuses a caller without the secret and delivers for one with it", async () => {
    const emailId = await enqueue(h.db, activationMessage("cron@example.com", 42, "en"));
    const smsId = await enqueue(h.db, codeSms("+358401110000", "654321"));
    expect((await cron()).status).toBe(401);
    expect((await cron("wrong-secret")).status).toBe(401);
    const res = await cron(inject("cronSecret"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sent: 2, failed: 0 });

    const list = (await (await fetch(`${baseURL()}/dev/outbox.json`)).json()) as Record<string, unknown>[];
    const email = must(
      list.find((m) => m.id === emailId),
      "the e-mail",
    );
    expect(email).toMatchObject({
      channel: "email",
      to: "cron@example.com",
      template: "ActivationEmail",
      status: "sent",
      subject: "Activate your account – Demo Oy",
    });
    expect(email.text).toContain("https://tunnus.example/activate/secret-token-42");
    expect(list.find((m) => m.id === smsId)).toMatchObject({
      channel: "sms",
      status: "sent",
      text: expect.stringContaining("654321"),
    });
    expect(list.findIndex((m) => m.id === smsId)).toBeLessThan(list.indexOf(email)); // newest first
  });

  it("/dev/outbox shows the messages with the e-mail rendered, with no axe violation", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/dev/outbox");
    expect(await page.locator("h1").textContent()).toBe("Kehitysposti");
    await page.locator("h2", { hasText: "Activate your account – Demo Oy" }).first().waitFor();
    const frame = page.frameLocator("iframe").first();
    await expect.poll(() => frame.locator("body").textContent()).toContain("user42@123");
    // The preview frames hold the e-mails themselves, sandboxed: no script (so neither axe nor
    // Playwright) can run inside them. The page around them is checked, frame elements included,
    // with each frame pointed at an empty document.
    await page.evaluate(() =>
      document.querySelectorAll("iframe[sandbox]").forEach((f) => {
        f.removeAttribute("sandbox");
        f.setAttribute("src", "about:blank");
      }),
    );
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe("outside development and demo mode", () => {
  it("the dev mailbox is 404 in production", async () => {
    const server = await startNextServer(inject("databaseURL"), {
      TUNNUS_DEMO: "",
      SMTP_URL: "smtp://127.0.0.1:2525",
      EMAIL_FROM: "Tunnus <noreply@tunnus.example>",
      AWS_REGION: "eu-north-1",
    });
    try {
      expect((await fetch(`${server.url}/dev/outbox`)).status).toBe(404);
      expect((await fetch(`${server.url}/dev/outbox.json`)).status).toBe(404);
      expect((await fetch(`${server.url}/login`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
