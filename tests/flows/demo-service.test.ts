import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/lib/db/embedded-server";
import { startDemoService } from "@/scripts/demo-service";
import { seededTestDb } from "../helpers/db";
import { userByEmail } from "../helpers/fixtures";
import { providerServer, registerService, TestBrowser } from "../helpers/oidc";

/**
 * The sample service of `npm run demo:service` against the provider in-process: its code flow,
 * the claims it shows and its sign-out request, without a browser (tests/e2e/oidc-service.e2e.ts
 * drives the same in Chromium).
 */

const h = seededTestDb();
const op = providerServer(() => h.db);
let service: { url: string; stop: () => Promise<void> };
let clientId = "";

beforeAll(async () => {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const demo = await h.organization("123");
  const { row } = await registerService(h.db, demo.id, {
    kind: "public",
    tokenEndpointAuthMethod: "none",
    name: "Demo-jäsenpalvelu",
    redirectUris: [`${url}/callback`],
    postLogoutRedirectUris: [`${url}/signed-out`],
    scopes: ["openid", "profile", "email", "phone", "membership"],
  });
  clientId = row.clientId;
  service = await startDemoService({ port, issuer: op.issuer, clientId });
});
afterAll(() => service?.stop());

/** The service's own cookie from a response, as `name=value`. */
const cookieFrom = (response: Response, name: string) =>
  response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0]!)
    .find((pair) => pair.startsWith(`${name}=`) && pair.length > name.length + 1);

describe("the sample service (npm run demo:service)", () => {
  it("offers Kirjaudu, signs Maija in with PKCE, state and nonce, shows her claims and signs out at Tunnus", async () => {
    const front = await fetch(service.url);
    expect(front.status).toBe(200);
    const html = await front.text();
    expect(html).toContain('<html lang="fi">');
    expect(html).toContain('<a href="/login">Kirjaudu</a>');

    const login = await fetch(`${service.url}/login`, { redirect: "manual" });
    expect(login.status).toBe(303);
    const authorize = new URL(login.headers.get("location")!);
    expect(authorize.origin + authorize.pathname).toBe(`${op.issuer}/oidc/auth`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: clientId,
      response_type: "code",
      code_challenge_method: "S256",
      scope: "openid profile email phone membership",
      redirect_uri: `${service.url}/callback`,
    });
    for (const name of ["state", "nonce", "code_challenge"]) expect(authorize.searchParams.get(name)).toBeTruthy();
    const loginCookie = cookieFrom(login, "demo_login");
    expect(login.headers.getSetCookie().join()).toMatch(/demo_login=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);

    const maija = await userByEmail(h.db, "maija@example.com");
    const browser = new TestBrowser(op.issuer);
    await browser.signIn(h.db, maija.id);
    const back = await browser.follow(authorize.href);
    expect(back.url.origin + back.url.pathname).toBe(`${service.url}/callback`);

    const callback = await fetch(back.url, { redirect: "manual", headers: { cookie: loginCookie! } });
    expect(callback.status).toBe(303);
    expect(callback.headers.get("location")).toBe("/");
    const session = cookieFrom(callback, "demo_session");
    expect(session).toBeTruthy();

    const page = await (await fetch(service.url, { headers: { cookie: session! } })).text();
    expect(page).toContain('<dd data-claim="preferred_username">maija@123</dd>');
    expect(page).toContain(`<dd data-claim="sub">${maija.oidcSubject}</dd>`);
    expect(page).toContain('<dd data-claim="email_verified">true</dd>');
    expect(page).toContain('<dd data-claim="organization_name">Demo Oy</dd>');
    expect(page).toContain("Kirjaudu ulos");

    // A replayed callback (the same code, no login cookie) signs nobody in.
    const replay = await fetch(back.url, { redirect: "manual" });
    expect(replay.status).toBe(400);

    const logout = await fetch(`${service.url}/logout`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: session! },
    });
    expect(logout.status).toBe(303);
    const end = new URL(logout.headers.get("location")!);
    expect(end.origin + end.pathname).toBe(`${op.issuer}/oidc/session/end`);
    expect(end.searchParams.get("post_logout_redirect_uri")).toBe(`${service.url}/signed-out`);
    expect(end.searchParams.get("id_token_hint")).toMatch(/^ey/);
    expect(end.searchParams.get("client_id")).toBe(clientId);
    // The service forgot the person at once.
    expect(await (await fetch(service.url, { headers: { cookie: session! } })).text()).toContain("Kirjaudu</a>");

    const signedOut = await (await fetch(`${service.url}/signed-out`)).text();
    expect(signedOut).toContain("Olet kirjautunut ulos palvelusta");
  });
});
