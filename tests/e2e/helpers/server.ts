import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { serveEmbeddedDatabase } from "@/lib/db/embedded-server";
import { startNextServer } from "@/scripts/next-server";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    /** The e2e server's database, so tests can look behind the pages. */
    databaseURL: string;
    cronSecret: string;
  }
}

/**
 * `next start` (the production build, in demo mode) against an in-memory embedded database with
 * the demo data. Builds first, unless E2E_SKIP_BUILD=1 says a fresh build exists.
 */
export default async function setup(project: TestProject) {
  // A stale build would test old code: build unless the caller has just built (CI).
  if (process.env.E2E_SKIP_BUILD !== "1" || !existsSync(".next/BUILD_ID")) {
    const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const db = await serveEmbeddedDatabase({ seed: true });
  const server = await startNextServer(db.url, { LOGIN_IP_LIMIT: "500" });
  project.provide("baseURL", server.url);
  project.provide("databaseURL", db.url);
  project.provide("cronSecret", server.cronSecret);
  return async () => {
    await server.stop();
    await db.stop();
    if (process.env.E2E_SERVER_LOG) console.log(server.output());
  };
}
