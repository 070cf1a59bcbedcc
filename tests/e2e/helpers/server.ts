import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { freePort, serveEmbeddedDatabase } from "@/lib/db/embedded-server";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    /** The e2e server's database, so tests can look behind the pages. */
    databaseURL: string;
    cronSecret: string;
  }
}

/** Polls until the server answers, or fails with what it printed. */
async function waitForServer(url: string, output: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The e2e server did not start:\n${output()}`);
}

/**
 * `next start` (the production build, in demo mode) against an in-memory embedded database
 * with the demo data, on free ports. Builds first, unless E2E_SKIP_BUILD=1 says a fresh build exists.
 */
export default async function setup(project: TestProject) {
  // A stale build would test old code: build unless the caller has just built (CI).
  if (process.env.E2E_SKIP_BUILD !== "1" || !existsSync(".next/BUILD_ID")) {
    const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const db = await serveEmbeddedDatabase({ seed: true });
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const cronSecret = randomBytes(24).toString("base64url");
  let output = "";
  const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: db.url,
      DATABASE_PREPARE: "false",
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      APP_ORIGIN: baseURL,
      TUNNUS_DEMO: "1",
      LOGIN_IP_LIMIT: "500",
      CRON_SECRET: cronSecret,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout.on("data", (d) => (output += d));
  server.stderr.on("data", (d) => (output += d));
  await waitForServer(`${baseURL}/login`, () => output);
  project.provide("baseURL", baseURL);
  project.provide("databaseURL", db.url);
  project.provide("cronSecret", cronSecret);
  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    await db.stop();
    if (process.env.E2E_SERVER_LOG) console.log(output);
  };
}
