import { and, eq } from "drizzle-orm";
import * as oidc from "openid-client";
import { describe, expect, it } from "vitest";
import { auditEvents, oidcConnections, users } from "@/lib/db/schema";
import { setPairwiseSubjects } from "@/lib/flows/admin/organizations";
import { seededTestDb } from "../helpers/db";
import { userByEmail } from "../helpers/fixtures";
import {
  authorize,
  exchange,
  providerServer,
  REDIRECT_URI,
  registerService,
  relyingParty,
  TestBrowser,
} from "../helpers/oidc";

const h = seededTestDb();
const op = providerServer(() => h.db);

describe("OpenID Provider: discovery", () => {
  it("publishes the code flow, PKCE S256, the four client authentications and ES256/RS256 keys", async () => {
    const response = await fetch(`${op.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(op.issuer);
    expect(doc.authorization_endpoint).toBe(`${op.issuer}/oidc/auth`);
    expect(doc.token_endpoint).toBe(`${op.issuer}/oidc/token`);
    expect(doc.response_types_supported).toEqual(["code"]);
    expect(doc.code_challenge_methods_supported).toEqual(["S256"]);
    expect(doc.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(["none", "client_secret_basic", "client_secret_post", "private_key_jwt"]),
    );
    expect(doc.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(["RS256", "ES256"]));
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(["openid", "profile", "email", "phone", "membership"]));
    const jwks = (await (await fetch(String(doc.jwks_uri))).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.map((k) => k.alg).sort()).toEqual(["ES256", "RS256"]);
    for (const key of jwks.keys) expect(key).not.toHaveProperty("d");
  });
});

describe("OpenID Provider: the code flow", () => {
  it("signs a Tunnus-signed-in member in to a public PKCE service, with claims by scope", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id, { kind: "public", tokenEndpointAuthMethod: "none" });
    const config = await relyingParty(op.issuer, service);
    const maija = await userByEmail(h.db, "maija@example.com");
    const browser = new TestBrowser(op.issuer);
    await browser.signIn(h.db, maija.id);

    const flow = await authorize(config, browser, { scope: "openid profile email membership" });
    expect(flow.callback.origin + flow.callback.pathname).toBe(REDIRECT_URI);
    const tokens = await exchange(config, flow);
    const claims = tokens.claims()!;
    expect(claims.sub).toBe(maija.oidcSubject);
    expect(claims.sub).not.toBe(maija.id);
    expect(claims.nonce).toBe(flow.nonce);
    expect(claims.preferred_username).toBe("maija@123");

    const info = await oidc.fetchUserInfo(config, tokens.access_token, maija.oidcSubject);
    expect(info).toMatchObject({
      sub: maija.oidcSubject,
      preferred_username: "maija@123",
      organization_licence: "123",
    });
    expect(info.email === undefined || info.email_verified === true).toBe(true);

    const [connection] = await h.db.select().from(oidcConnections).where(eq(oidcConnections.userId, maija.id));
    expect(connection?.clientId).toBe(service.row.id);
    const issued = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, "oidc.token_issued"), eq(auditEvents.subjectUserId, maija.id)));
    expect(issued.length).toBeGreaterThan(0);
  });

  it("sends a person without a Tunnus session to /login, and prompt=none answers login_required", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const browser = new TestBrowser(op.issuer);
    const flow = await authorize(config, browser);
    expect(flow.callback.pathname).toBe("/login");
    expect(flow.callback.searchParams.get("callbackUrl")).toMatch(/^\/oidc\/interaction\/[\w-]+$/);

    const silent = await authorize(config, browser, { prompt: "none" });
    expect(silent.callback.origin + silent.callback.pathname).toBe(REDIRECT_URI);
    expect(silent.callback.searchParams.get("error")).toBe("login_required");
  });

  it("prompt=none passes silently for a person signed in to Tunnus", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const erik = await userByEmail(h.db, "erik@example.com");
    const browser = new TestBrowser(op.issuer);
    await browser.signIn(h.db, erik.id);
    const flow = await authorize(config, browser, { prompt: "none" });
    expect(flow.callback.searchParams.get("code")).toBeTruthy();
    const tokens = await exchange(config, flow);
    expect(tokens.claims()?.sub).toBe(erik.oidcSubject);
  });

  it("ends the service's sign-in with the Tunnus session: signed out, prompt=none says login_required", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const erik = await userByEmail(h.db, "erik@example.com");
    const browser = new TestBrowser(op.issuer);
    await browser.signIn(h.db, erik.id);
    expect((await authorize(config, browser, { prompt: "none" })).callback.searchParams.get("code")).toBeTruthy();
    browser.signOut();
    const after = await authorize(config, browser, { prompt: "none" });
    expect(after.callback.searchParams.get("error")).toBe("login_required");
  });

  it("prompt=login sends a signed-in person to a fresh sign-in", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const erik = await userByEmail(h.db, "erik@example.com");
    const browser = new TestBrowser(op.issuer);
    await browser.signIn(h.db, erik.id, new Date(Date.now() - 60_000));
    const flow = await authorize(config, browser, { prompt: "login" });
    expect(flow.callback.pathname).toBe("/login");
    expect(flow.callback.searchParams.get("prompt")).toBe("login");
    // A sign-in made after the request satisfies it.
    await browser.signIn(h.db, erik.id);
    const resumed = await browser.follow(`${op.issuer}${flow.callback.searchParams.get("callbackUrl")}`);
    expect(resumed.url.searchParams.get("code")).toBeTruthy();
  });

  it("max_age older than the Tunnus sign-in asks for a fresh one; a recent one passes, with auth_time", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const erik = await userByEmail(h.db, "erik@example.com");
    const browser = new TestBrowser(op.issuer);
    const signedInAt = new Date(Date.now() - 120_000);
    await browser.signIn(h.db, erik.id, signedInAt);
    const stale = await authorize(config, browser, { max_age: "60" });
    expect(stale.callback.pathname).toBe("/login");
    expect(stale.callback.searchParams.get("prompt")).toBe("login");
    const fine = await authorize(config, browser, { max_age: "600" });
    const tokens = await exchange(config, fine);
    expect(tokens.claims()?.auth_time).toBe(Math.floor(signedInAt.getTime() / 1000));
  });

  it("refuses a person of another organisation, with a page that says so", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const jasen = await userByEmail(h.db, "jasen@example.com");
    const browser = new TestBrowser(op.issuer);
    await browser.signIn(h.db, jasen.id);
    const flow = await authorize(config, browser);
    expect(flow.stoppedAt.status).toBe(200);
    expect(flow.stoppedAt.body).toContain("Tällä tunnuksella ei voi kirjautua palveluun");
    expect(flow.callback.searchParams.get("code")).toBeNull();
  });
});

describe("OpenID Provider: pairwise subjects", () => {
  it("an organisation that chose them gives each service its own sub, never the person's own", async () => {
    const liitto = await h.organization("200");
    expect(await setPairwiseSubjects(h.db, { licence: "200", on: true })).toEqual({ ok: true, changed: true });
    expect(await setPairwiseSubjects(h.db, { licence: "200", on: true })).toEqual({ ok: true, changed: false });
    expect(await setPairwiseSubjects(h.db, { licence: "999999", on: true })).toEqual({ ok: false, reason: "notFound" });
    try {
      const first = await registerService(h.db, liitto.id);
      const second = await registerService(h.db, liitto.id);
      const jasen = await userByEmail(h.db, "jasen@example.com");
      const browser = new TestBrowser(op.issuer);
      await browser.signIn(h.db, jasen.id);
      const subs: string[] = [];
      for (const service of [first, second]) {
        const config = await relyingParty(op.issuer, service);
        const tokens = await exchange(config, await authorize(config, browser));
        const sub = tokens.claims()!.sub;
        expect((await oidc.fetchUserInfo(config, tokens.access_token, sub)).sub).toBe(sub);
        expect((await oidc.tokenIntrospection(config, tokens.access_token)).sub).toBe(sub);
        subs.push(sub);
      }
      expect(subs[0]).not.toBe(subs[1]);
      expect(subs).not.toContain(jasen.oidcSubject);
      expect(subs).not.toContain(jasen.id);
    } finally {
      await setPairwiseSubjects(h.db, { licence: "200", on: false });
    }
  });
});

describe("OpenID Provider: account state", () => {
  it("a disabled account's refresh token stops at once", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const [temp] = await h.db
      .insert(users)
      .values({ organizationId: demo.id, username: "oidc-disable", displayName: "Temp", status: "active" })
      .returning();
    const browser = new TestBrowser(op.issuer);
    await browser.signIn(h.db, temp!.id);
    const tokens = await exchange(
      config,
      await authorize(config, browser, { scope: "openid offline_access", prompt: "consent" }),
    );
    expect(tokens.refresh_token).toBeTruthy();
    await h.db.update(users).set({ status: "disabled" }).where(eq(users.id, temp!.id));
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: "invalid_grant",
    });
  });
});
