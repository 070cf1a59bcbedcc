import { spawn } from "node:child_process";
import { desc, eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/lib/db/embedded-server";
import { sessions } from "@/lib/db/schema";
import { firstOf, must } from "../helpers/fixtures";
import { userByEmailInDb, withDb } from "./helpers/admin-db";
import { baseURL, launchChromium, newContext, signIn } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

describe("headers and cookies in production", () => {
  it("sends CSP with a nonce, HSTS, no framing, no sniffing, no referrer, no caching", async () => {
    const res = await fetch(`${baseURL()}/login`);
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    const html = await res.text();
    // Every script tag carries this response's nonce.
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(res.headers.get("x-powered-by")).toBeNull();
    // A second response gets another nonce.
    const again = await fetch(`${baseURL()}/login`);
    expect(again.headers.get("content-security-policy")).not.toBe(csp);
  });

  it("keeps the session in a __Host- cookie: Secure, HttpOnly, SameSite=Lax", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "maija@123");
    const session = (await context.cookies()).find((c) => c.name.startsWith("__Host-tunnus.session"));
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax", path: "/" });
    expect(session?.domain).toBe("localhost");
    await context.close();
  });

  it("does not hand the session to scripts as JSON", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "maija@123");
    const res = await page.request.get("/api/auth/session");
    expect(res.status()).toBe(404);
    await context.close();
  });

  it("answers 404 at /api/auth/session to every method, CSRF token or not, and no Auth.js endpoint hands out the session id", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "maija@123");
    const maija = await userByEmailInDb("maija@example.com");
    const session = await firstOf(
      withDb((db) =>
        db.select().from(sessions).where(eq(sessions.userId, maija.id)).orderBy(desc(sessions.createdAt)).limit(1),
      ),
      "maija's session",
    );
    const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const origin = { origin: baseURL() };
    const form = { csrfToken, data: "{}" };
    const answers = {
      GET: await page.request.get("/api/auth/session"),
      HEAD: await page.request.head("/api/auth/session"),
      POST: await page.request.post("/api/auth/session", { headers: origin, form }),
      "POST json": await page.request.post("/api/auth/session", { headers: origin, data: { csrfToken, data: {} } }),
      PUT: await page.request.put("/api/auth/session", { headers: origin, form }),
      PATCH: await page.request.patch("/api/auth/session", { headers: origin, form }),
      DELETE: await page.request.delete("/api/auth/session", { headers: origin }),
      OPTIONS: await page.request.fetch("/api/auth/session", { method: "OPTIONS", headers: origin }),
    };
    for (const [method, res] of Object.entries(answers)) {
      expect(res.status(), method).toBe(404);
      const body = await res.text();
      expect(body, method).not.toContain(session.id);
      expect(body, method).not.toContain("sessionId");
    }
    for (const path of [
      "/api/auth/csrf",
      "/api/auth/providers",
      "/api/auth/signin",
      "/api/auth/signout",
      "/api/auth/error",
      "/api/auth/verify-request",
    ]) {
      const res = await page.request.get(path, { maxRedirects: 0 });
      expect(`${JSON.stringify(res.headers())}${await res.text()}`, path).not.toContain(session.id);
    }
    await context.close();
  });

  it("refuses a sign-in posted from another origin", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto("/login");
    const actionField = await page.locator("form:has(#identifier) input[name^='$ACTION']").first().getAttribute("name");
    const form = new FormData();
    form.set(must(actionField, "the action field"), "");
    form.set("identifier", "maija@123");
    form.set("password", "demo-salasana-2026");
    const res = await fetch(`${baseURL()}/login`, {
      method: "POST",
      body: form,
      headers: { Origin: "https://evil.example", "Next-Action": "x" },
      redirect: "manual",
    });
    expect(res.status).not.toBe(303);
    expect(res.headers.get("set-cookie") ?? "").not.toContain("tunnus.session");
  });
});

describe("production start check", () => {
  it("next start without DATABASE_URL stops with a message that says what to set", async () => {
    const port = await freePort();
    const env = {
      ...process.env,
      NODE_ENV: "production",
      AUTH_SECRET: "x".repeat(40),
      APP_ORIGIN: "https://t.example",
    } as NodeJS.ProcessEnv;
    delete env.DATABASE_URL;
    delete env.TUNNUS_DEMO;
    const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    // The first request triggers nothing new: the check runs at start and the process exits.
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve(null);
      }, 45_000);
      child.once("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
      // Next may defer instrumentation until the first request.
      setTimeout(() => void fetch(`http://localhost:${port}/login`).catch(() => {}), 3000);
    });
    expect(code).toBe(1);
    expect(output).toContain("Tunnus cannot start");
    expect(output).toContain("DATABASE_URL is not set");
  });
});
