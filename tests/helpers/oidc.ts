import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import * as oidc from "openid-client";
import { afterAll, beforeAll } from "vitest";
import type { Db } from "@/lib/db/client";
import { type OidcClient, oidcClients } from "@/lib/db/schema";
import { handleOidcRequest } from "@/lib/oidc/handler";
import { forgetProvider } from "@/lib/oidc/provider";
import { tunnusCookieName } from "@/lib/session/cookie-names";
import { authSecret } from "@/lib/session/dev-secret";
import { createSession } from "@/lib/session/sessions";
import { sessionTimes } from "./fixtures";

/**
 * The OpenID Provider in-process, on a port of its own, exactly as the app serves it
 * (lib/oidc/handler.ts), for a real relying party library (openid-client) to talk to.
 */
export function providerServer(getDb: () => Db): { readonly issuer: string } {
  let server: Server | undefined;
  let issuer = "";
  beforeAll(async () => {
    forgetProvider();
    server = createServer((req, res) => {
      handleOidcRequest(req, res, { getDb: async () => getDb(), issuer, production: false }).catch((error) => {
        console.error(error);
        res.statusCode = 500;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    forgetProvider();
    await new Promise((resolve) => server?.close(resolve));
  });
  return {
    get issuer() {
      return issuer;
    },
  };
}

export const REDIRECT_URI = "http://127.0.0.1:9/callback";

/** A service row as the admin pages would make it; a confidential one gets a secret (returned once). */
export async function registerService(
  db: Db,
  organizationId: string,
  overrides: Partial<typeof oidcClients.$inferInsert> = {},
): Promise<{ row: OidcClient; secret: string | null }> {
  const confidential = (overrides.kind ?? "confidential") === "confidential";
  const secret = confidential ? randomBytes(32).toString("base64url") : null;
  const [row] = await db
    .insert(oidcClients)
    .values({
      clientId: `test-${randomBytes(8).toString("hex")}`,
      organizationId,
      name: "Jäsenpalvelu",
      redirectUris: [REDIRECT_URI],
      postLogoutRedirectUris: ["http://127.0.0.1:9/signed-out"],
      kind: confidential ? "confidential" : "public",
      tokenEndpointAuthMethod: confidential ? "client_secret_basic" : "none",
      secretHash: secret ? createHash("sha256").update(secret).digest("base64url") : null,
      firstParty: true,
      scopes: ["openid", "profile", "email", "phone", "membership", "offline_access"],
      ...overrides,
    })
    .returning();
  return { row: row!, secret };
}

/** A browser with a cookie jar that follows the provider's redirects until it leaves the provider. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly issuer: string) {}

  async signIn(db: Db, userId: string, now = new Date()): Promise<string> {
    const sessionId = await createSession(db, { userId, now, times: sessionTimes });
    const name = tunnusCookieName("session", false);
    const token = await encode({ token: { sub: userId, sid: sessionId }, secret: authSecret(), salt: name });
    this.cookies.set(name, token);
    return sessionId;
  }

  signOut() {
    this.cookies.delete(tunnusCookieName("session", false));
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
    });
    this.remember(response);
    return response;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /**
   * Follows redirects while they stay on the provider; answers where it stopped: the service's
   * redirect URI (not fetched), or a page of the provider's or Tunnus's own (`/login`, `/authorize`).
   */
  async follow(start: string, init: RequestInit = {}): Promise<{ url: URL; status: number; body: string }> {
    let url = new URL(start);
    let response = await this.request(url.href, init);
    for (let hops = 0; hops < 10; hops++) {
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) break;
      url = new URL(location, url);
      if (url.origin !== this.issuer || !/^\/(oidc|\.well-known)\//.test(url.pathname)) {
        return { url, status: response.status, body: "" };
      }
      response = await this.request(url.href);
    }
    return { url, status: response.status, body: await response.text() };
  }
}

/** openid-client's configuration for a service, over plain HTTP (the test's loopback). */
export async function relyingParty(
  issuer: string,
  service: { row: OidcClient; secret: string | null },
  auth?: oidc.ClientAuth,
): Promise<oidc.Configuration> {
  return oidc.discovery(
    new URL(issuer),
    service.row.clientId,
    { redirect_uris: [REDIRECT_URI], id_token_signed_response_alg: service.row.idTokenAlg },
    auth ?? (service.secret ? oidc.ClientSecretBasic(service.secret) : oidc.None()),
    { execute: [oidc.allowInsecureRequests] },
  );
}

/** A whole code flow in the test browser: the authorization URL, the redirects, the code at the service. */
export async function authorize(
  config: oidc.Configuration,
  browser: TestBrowser,
  params: Record<string, string> = {},
): Promise<{
  callback: URL;
  verifier: string;
  state: string;
  nonce: string;
  stoppedAt: { url: URL; status: number; body: string };
}> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: "openid profile email",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...params,
  });
  const stoppedAt = await browser.follow(url.href);
  return { callback: stoppedAt.url, verifier, state, nonce, stoppedAt };
}

export async function exchange(config: oidc.Configuration, flow: Awaited<ReturnType<typeof authorize>>) {
  return oidc.authorizationCodeGrant(config, flow.callback, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
  });
}
