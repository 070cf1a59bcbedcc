import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { freePort, serveEmbeddedDatabase } from "@/lib/db/embedded-server";
import { startNextServer } from "@/scripts/next-server";
import { startBreachStandIn } from "../../helpers/breach-stand-in";
import { startIdentityProvider } from "./oidc-provider";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    /** The same build on the same database without outside sign-in: where `/login` is prerendered. */
    plainBaseURL: string;
    /** The e2e server's database, so tests can look behind the pages. */
    databaseURL: string;
    cronSecret: string;
    /** The test's own OpenID Connect provider, configured as the "oidc" sign-in. */
    identityProviderURL: string;
    /** AUTH_SECRET of both servers and the CLI: one process may send what another queued (sealed props). */
    authSecret: string;
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
  // The identity provider must know Tunnus's callback address, and Tunnus the provider's: fix the port first.
  const port = await freePort();
  const idp = await startIdentityProvider(`http://localhost:${port}`);
  // Have I Been Pwned's range API, stood in for locally (demo mode would leave the check off).
  const breachList = await startBreachStandIn();
  const breachCheck = { HIBP_ENABLED: "1", HIBP_API_URL: breachList.url };
  // As in production, every process that sends messages shares AUTH_SECRET: any of them may send
  // what another queued, and the links in it are sealed under a key derived from it.
  const authSecret = randomBytes(32).toString("base64url");
  const server = await startNextServer(
    db.url,
    {
      AUTH_SECRET: authSecret,
      LOGIN_IP_LIMIT: "500",
      AUTH_OIDC_ISSUER: idp.issuer,
      AUTH_OIDC_ID: idp.clientId,
      AUTH_OIDC_SECRET: idp.clientSecret,
      AUTH_OIDC_NAME: "Testitunnistus",
      ...breachCheck,
    },
    { port },
  );
  // The build has no sign-in buttons; a server without providers serves it (lib/prerendered-pages.ts).
  const plain = await startNextServer(db.url, { AUTH_SECRET: authSecret, LOGIN_IP_LIMIT: "500", ...breachCheck });
  project.provide("baseURL", server.url);
  project.provide("plainBaseURL", plain.url);
  project.provide("databaseURL", db.url);
  project.provide("cronSecret", server.cronSecret);
  project.provide("identityProviderURL", idp.issuer);
  project.provide("authSecret", authSecret);
  return async () => {
    await server.stop();
    await plain.stop();
    await idp.stop();
    await breachList.stop();
    await db.stop();
    if (process.env.E2E_SERVER_LOG) console.log(server.output());
  };
}
