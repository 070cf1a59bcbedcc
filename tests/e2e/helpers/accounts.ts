import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { expect, inject } from "vitest";
import { must } from "../../helpers/fixtures";

const run = promisify(execFile);
let counter = 0;

export const uniqueUsername = () => `e2e${Date.now().toString(36)}${counter++}`;

/**
 * Creates an invited account with the operator CLI, against the e2e server's database: in Demo Oy
 * (licence 123) unless told otherwise; in the default Demo-liitto ry (200) the identifier is bare.
 */
export async function createWithCli(
  opts: { lang?: string; phone?: string; username?: string; admin?: boolean; licence?: "123" | "200" } = {},
) {
  const username = opts.username ?? uniqueUsername();
  const email = `${username}@example.com`;
  const licence = opts.licence ?? "123";
  const identifier = licence === "200" ? username : `${username}@${licence}`;
  const args = [
    "tsx",
    "scripts/admin.ts",
    "user:create",
    "--licence",
    licence,
    "--username",
    username,
    "--email",
    email,
    "--name",
    "Essi Esimerkki",
  ];
  if (opts.lang) args.push("--lang", opts.lang);
  if (opts.phone) args.push("--phone", opts.phone);
  if (opts.admin) args.push("--admin");
  const { stdout } = await run("npx", args, {
    env: {
      ...process.env,
      DATABASE_URL: inject("databaseURL"),
      DATABASE_PREPARE: "false",
      APP_ORIGIN: inject("baseURL"),
      NODE_ENV: "development",
      AUTH_SECRET: inject("authSecret"),
    },
  });
  expect(stdout).toContain(`Created ${identifier}`);
  return { username, identifier, email };
}

type Mail = { id: string; to: string; template: string; text: string | null; status: string };

/** The newest message to `to` in the dev mailbox, once it has been delivered. */
export async function latestMessage(baseURL: string, to: string, template?: string): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        const list = (await (await fetch(`${baseURL}/dev/outbox.json`)).json()) as Mail[];
        found = list.find((m) => m.to === to && (!template || m.template === template) && m.status === "sent");
        return Boolean(found);
      },
      { timeout: 15_000, interval: 200 },
    )
    .toBe(true);
  return must(found, `a sent message to ${to}`);
}

export const linkIn = (text: string | null) =>
  must(/https?:\/\/\S+\/(?:activate|reset-password)\/[A-Za-z0-9_-]+/.exec(text ?? ""), "a link")[0];
export const codeIn = (text: string | null) => must(/\b\d{6}\b/.exec(text ?? ""), "a code")[0];

/** Presses Tab until the focused element satisfies `matches` (keyboard-only tests). */
export async function tabTo(page: Page, matches: (el: { id: string; text: string; tag: string }) => boolean, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return { id: a?.id ?? "", text: (a?.textContent ?? "").trim(), tag: a?.tagName.toLowerCase() ?? "" };
    });
    if (matches(el)) return;
  }
  throw new Error("tabTo: never reached the element");
}

/**
 * An active member with a verified e-mail (and phone), so flows that change passwords never touch
 * the demo accounts other tests sign in with.
 */
export async function createActiveMember(
  opts: { phone?: string; username?: string; admin?: boolean; lang?: string; licence?: "123" | "200" } = {},
) {
  const { connectPostgres } = await import("@/lib/db/client");
  const { users } = await import("@/lib/db/schema");
  const { hashPassword } = await import("@/lib/password/hash");
  const { eq } = await import("drizzle-orm");
  const person = await createWithCli(opts);
  const h = await connectPostgres(inject("databaseURL"), { prepare: false, max: 1 });
  try {
    const now = new Date();
    await h.db
      .update(users)
      .set({
        status: "active",
        emailVerifiedAt: now,
        phoneVerifiedAt: opts.phone ? now : null,
        passwordHash: await hashPassword("vanha salasana joka unohtui"),
      })
      .where(eq(users.email, person.email));
  } finally {
    await h.close();
  }
  return person;
}
