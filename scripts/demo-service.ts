/**
 * `npm run demo:service`: "Demo-jäsenpalvelu", a small service that signs its people in with
 * Tunnus (OpenID Connect, code flow with PKCE, openid-client). What any organisation's own service
 * would do, in plain Node: docs/openid-provider.md explains each step. Sessions live in memory.
 *
 * Environment: TUNNUS_ISSUER (http://localhost:3000), DEMO_SERVICE_PORT (3002), DEMO_CLIENT_ID
 * (the demo data's demo-jasenpalvelu), DEMO_CLIENT_SECRET (only for a confidential client).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import * as oidc from "openid-client";

export type DemoServiceOptions = {
  port: number;
  issuer: string;
  clientId: string;
  /** A confidential client's secret; without it the service is public (PKCE alone). */
  clientSecret?: string;
  /** Default `http://localhost:<port>/callback`. */
  redirectUri?: string;
};

const SCOPE = "openid profile email phone membership";
const LOGIN_COOKIE = "demo_login";
const SESSION_COOKIE = "demo_session";
const LOGIN_SECONDS = 10 * 60;

/** What the page shows, in this order, with a Finnish label. */
const CLAIM_LABELS: [string, string][] = [
  ["sub", "Tunniste"],
  ["name", "Nimi"],
  ["preferred_username", "Käyttäjätunnus"],
  ["email", "Sähköposti"],
  ["email_verified", "Sähköposti vahvistettu"],
  ["phone_number", "Puhelin"],
  ["phone_number_verified", "Puhelin vahvistettu"],
  ["organization_licence", "Organisaation lisenssi"],
  ["organization_name", "Organisaatio"],
  ["membership_number", "Jäsennumero"],
  ["role", "Rooli"],
  ["locale", "Kieli"],
];

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const page = (title: string, body: string) => `<!DOCTYPE html>
<html lang="fi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} – Demo-jäsenpalvelu</title></head>
<body>
<header><p>Demo-jäsenpalvelu</p></header>
<main>
<h1>${escape(title)}</h1>
${body}
</main>
</body>
</html>`;

const cookieOf = (req: IncomingMessage, name: string) =>
  (req.headers.cookie ?? "")
    .split(";")
    .map((part) => part.trim().split("="))
    .find(([key]) => key === name)?.[1];

const cookie = (name: string, value: string, maxAge: number) =>
  `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}`;

export async function startDemoService(
  options: DemoServiceOptions,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const url = `http://localhost:${options.port}`;
  const redirectUri = options.redirectUri ?? `${url}/callback`;
  const issuer = new URL(options.issuer);
  const local = issuer.protocol === "http:" && ["localhost", "127.0.0.1"].includes(issuer.hostname);

  // Discovery on first use, so the service may start before Tunnus does; tried again after a failure.
  let configuration: Promise<oidc.Configuration> | undefined;
  const config = () =>
    (configuration ??= oidc
      .discovery(
        issuer,
        options.clientId,
        { redirect_uris: [redirectUri] },
        options.clientSecret ? oidc.ClientSecretBasic(options.clientSecret) : oidc.None(),
        // Plain http only for a Tunnus on this machine.
        local ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        configuration = undefined;
        throw error;
      }));

  const logins = new Map<string, { verifier: string; state: string; nonce: string; expires: number }>();
  const sessions = new Map<string, { claims: Record<string, unknown>; idToken: string }>();

  function send(res: ServerResponse, status: number, html: string, cookies: string[] = []) {
    res.writeHead(status, {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": `default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' ${issuer.origin}`,
      "Set-Cookie": cookies,
    });
    res.end(html);
  }

  function redirect(res: ServerResponse, location: string, cookies: string[] = []) {
    res.writeHead(303, { Location: location, "Cache-Control": "no-store", "Set-Cookie": cookies });
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", url).pathname;
    const sessionId = cookieOf(req, SESSION_COOKIE);
    const session = sessionId ? sessions.get(sessionId) : undefined;

    if (path === "/" && req.method === "GET") {
      if (!session) {
        return send(
          res,
          200,
          page("Tervetuloa", `<p>Kirjaudu sisään Tunnuksella.</p>\n<p><a href="/login">Kirjaudu</a></p>`),
        );
      }
      const rows = CLAIM_LABELS.filter(([claim]) => session.claims[claim] !== undefined).map(
        ([claim, label]) =>
          `<dt>${escape(label)} (<code>${claim}</code>)</dt><dd data-claim="${claim}">${escape(String(session.claims[claim]))}</dd>`,
      );
      const name = typeof session.claims.name === "string" ? session.claims.name : "";
      return send(
        res,
        200,
        page(
          "Olet kirjautunut",
          `<p>Tervetuloa${name ? `, ${escape(name)}` : ""}! Tunnus kertoi palvelulle nämä tiedot:</p>
<dl>${rows.join("\n")}</dl>
<form method="post" action="/logout"><button type="submit">Kirjaudu ulos</button></form>`,
        ),
      );
    }

    if (path === "/login" && req.method === "GET") {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const key = randomBytes(16).toString("base64url");
      for (const [old, { expires }] of logins) if (expires < Date.now()) logins.delete(old);
      logins.set(key, { verifier, state, nonce, expires: Date.now() + LOGIN_SECONDS * 1000 });
      const target = oidc.buildAuthorizationUrl(await config(), {
        redirect_uri: redirectUri,
        scope: SCOPE,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state,
        nonce,
      });
      return redirect(res, target.href, [cookie(LOGIN_COOKIE, key, LOGIN_SECONDS)]);
    }

    if (path === "/callback" && req.method === "GET") {
      const key = cookieOf(req, LOGIN_COOKIE);
      const login = key ? logins.get(key) : undefined;
      if (key) logins.delete(key);
      const forget = cookie(LOGIN_COOKIE, "", 0);
      const failed = (why: string) =>
        send(
          res,
          400,
          page("Kirjautuminen ei onnistunut", `<p>${escape(why)}</p>\n<p><a href="/">Palaa etusivulle</a></p>`),
          [forget],
        );
      if (!login || login.expires < Date.now()) return failed("Kirjautuminen vanheni. Yritä uudelleen.");
      const current = new URL(redirectUri);
      current.search = new URL(req.url ?? "/", url).search;
      try {
        const tokens = await oidc.authorizationCodeGrant(await config(), current, {
          pkceCodeVerifier: login.verifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        });
        const id = randomBytes(24).toString("base64url");
        sessions.set(id, { claims: { ...tokens.claims() }, idToken: tokens.id_token! });
        return redirect(res, "/", [forget, cookie(SESSION_COOKIE, id, 12 * 3600)]);
      } catch (error) {
        const code = error instanceof oidc.AuthorizationResponseError ? error.error : "virhe";
        return failed(`Tunnus ei kirjannut sinua sisään (${code}).`);
      }
    }

    if (path === "/logout" && req.method === "POST") {
      if (!session) return redirect(res, "/");
      sessions.delete(sessionId!);
      const target = oidc.buildEndSessionUrl(await config(), {
        id_token_hint: session.idToken,
        post_logout_redirect_uri: `${url}/signed-out`,
      });
      return redirect(res, target.href, [cookie(SESSION_COOKIE, "", 0)]);
    }

    if (path === "/signed-out" && req.method === "GET") {
      return send(res, 200, page("Olet kirjautunut ulos palvelusta", `<p><a href="/">Palaa etusivulle</a></p>`));
    }

    send(res, 404, page("Sivua ei löydy", `<p><a href="/">Palaa etusivulle</a></p>`));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(`demo service: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent)
        send(res, 502, page("Tunnus ei vastaa", `<p>Onko Tunnus käynnissä (${issuer.origin})?</p>`));
    });
  });
  // Every interface: the browser may reach "localhost" at ::1 and Node at 127.0.0.1.
  await new Promise<void>((resolve) => server.listen(options.port, resolve));
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.DEMO_SERVICE_PORT ?? 3002);
  const { url } = await startDemoService({
    port,
    issuer: process.env.TUNNUS_ISSUER ?? "http://localhost:3000",
    clientId: process.env.DEMO_CLIENT_ID ?? "demo-jasenpalvelu",
    clientSecret: process.env.DEMO_CLIENT_SECRET,
  });
  console.log(`Demo-jäsenpalvelu: ${url} (sign in as maija@123, password demo-salasana-2026)`);
}
