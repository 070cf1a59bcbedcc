import type { IncomingMessage, ServerResponse } from "node:http";
import { type Db, getDb } from "@/lib/db/client";
import { appOrigin, isProduction } from "@/lib/env";
import { securityHeaders } from "@/lib/security-headers";
import { boundTunnusSession } from "./adapter";
import { handleInteraction } from "./interactions";
import { pagePolicy } from "./pages";
import { getProvider } from "./provider";
import { bindOidcSession, tunnusSessionOf } from "./session-binding";

/**
 * Every request to the OpenID Provider: `/.well-known/openid-configuration` and `/oidc/…`, both
 * rewritten by next.config.ts to the Pages Router route `pages/api/oidc/[[...path]].ts`, which
 * gives the Node request and response oidc-provider needs. The proxy (proxy.ts) is not in front:
 * a service calls the token endpoint without a browser's Origin, and these answers set their
 * own headers here.
 */

/** The public path a rewritten request was made to. */
export function publicPath(url: string): { path: string; search: string } {
  const parsed = new URL(url, "http://internal.invalid");
  let path = parsed.pathname.replace(/^\/api(?=\/oidc(?:\/|$))/, "");
  if (path === "/oidc/.well-known/openid-configuration") path = "/.well-known/openid-configuration";
  return { path, search: parsed.search };
}

export async function handleOidcRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: { getDb?: () => Promise<Db>; issuer?: string; production?: boolean } = {},
): Promise<void> {
  const production = options.production ?? isProduction();
  const issuer = options.issuer ?? appOrigin();
  const dbOf = options.getDb ?? getDb;
  const { path, search } = publicPath(req.url ?? "/");
  req.url = path + search;
  // The scheme and host are ours, whatever a client sends: every address the provider writes
  // (discovery, redirects, the token audience) is built from them.
  const origin = new URL(issuer);
  req.headers["x-forwarded-host"] = origin.host;
  req.headers["x-forwarded-proto"] = origin.protocol.replace(":", "");
  delete req.headers["x-forwarded-port"];

  for (const [name, value] of Object.entries(securityHeaders({ production }))) res.setHeader(name, value);
  res.setHeader("Content-Security-Policy", pagePolicy());
  res.setHeader("Cache-Control", "no-store");

  // Next's router fetches a server action's redirect target for its payload (on the server, and
  // again from the browser) before it navigates there for real: a sign-in step must not run on
  // such a fetch. A plain answer makes the router navigate the page itself.
  if (req.headers.rsc !== undefined || req.headers["next-router-prefetch"] !== undefined) {
    res.statusCode = 200;
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.end();
    return;
  }

  const now = new Date();
  const db = await dbOf();
  const provider = await getProvider({ issuer, getDb: dbOf, production });
  const tunnus = await tunnusSessionOf(db, req.headers.cookie, { now, production });
  await bindOidcSession(provider, db, req, tunnus, now);

  if (await handleInteraction({ provider, db, req, res, tunnus, appOrigin: issuer, now }, path)) return;
  await boundTunnusSession.run({ tunnusSessionId: tunnus?.sessionId ?? null }, () => provider.callback()(req, res));
}
