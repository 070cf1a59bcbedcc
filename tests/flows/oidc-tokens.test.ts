import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import * as oidc from "openid-client";
import { describe, expect, it } from "vitest";
import { auditEvents, oidcModels, sessions } from "@/lib/db/schema";
import { loadConsent } from "@/lib/flows/oidc/sign-in-request";
import { rotateSigningKeys } from "@/lib/oidc/keys";
import { endServiceSessions } from "@/lib/oidc/logout";
import { forgetProvider, SIGNED_TOKEN_MAX_SECONDS } from "@/lib/oidc/provider";
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

async function signedInBrowser(email = "maija@example.com") {
  const person = await userByEmail(h.db, email);
  const browser = new TestBrowser(op.issuer);
  const tunnusSessionId = await browser.signIn(h.db, person.id);
  return { person, browser, tunnusSessionId };
}

const offline = { scope: "openid profile offline_access", prompt: "consent" };

describe("OpenID Provider: client authentication", () => {
  it("accepts client_secret_basic and client_secret_post with the right secret, refuses a wrong one", async () => {
    const demo = await h.organization("123");
    const { browser } = await signedInBrowser();
    for (const method of ["client_secret_basic", "client_secret_post"] as const) {
      const service = await registerService(h.db, demo.id, { tokenEndpointAuthMethod: method });
      const auth = method === "client_secret_basic" ? oidc.ClientSecretBasic : oidc.ClientSecretPost;
      const config = await relyingParty(op.issuer, service, auth(service.secret!));
      const tokens = await exchange(config, await authorize(config, browser));
      expect(tokens.access_token).toBeTruthy();

      const wrong = await relyingParty(op.issuer, service, auth("not-the-secret"));
      await expect(exchange(wrong, await authorize(wrong, browser))).rejects.toMatchObject({ status: 401 });
    }
    const refused = await h.db.select().from(auditEvents).where(eq(auditEvents.event, "oidc.refused"));
    expect(refused.some((row) => (row.details as { error?: string }).error === "invalid_client")).toBe(true);
    expect(JSON.stringify(refused)).not.toContain("not-the-secret");
  });

  it("accepts private_key_jwt signed with the service's registered key", async () => {
    const demo = await h.organization("123");
    const { browser } = await signedInBrowser();
    const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ])) as CryptoKeyPair;
    const publicJwk = {
      ...(await crypto.subtle.exportKey("jwk", pair.publicKey)),
      alg: "ES256",
      use: "sig",
      kid: "k1",
    };
    const service = await registerService(h.db, demo.id, {
      tokenEndpointAuthMethod: "private_key_jwt",
      secretHash: null,
      jwks: { keys: [publicJwk as Record<string, unknown>] },
    });
    const config = await relyingParty(op.issuer, service, oidc.PrivateKeyJwt({ key: pair.privateKey, kid: "k1" }));
    const tokens = await exchange(config, await authorize(config, browser));
    expect(tokens.id_token).toBeTruthy();
  });

  it("refuses a public service without PKCE", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id, { kind: "public", tokenEndpointAuthMethod: "none" });
    const config = await relyingParty(op.issuer, service);
    const { browser } = await signedInBrowser();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: "openid", state: "s" });
    const stopped = await browser.follow(url.href);
    expect(stopped.url.searchParams.get("error")).toBe("invalid_request");
  });
});

describe("OpenID Provider: refresh tokens", () => {
  it("rotate on every use, and a reused one ends the whole grant", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const { browser } = await signedInBrowser();
    const first = await exchange(config, await authorize(config, browser, offline));
    const second = await oidc.refreshTokenGrant(config, first.refresh_token!);
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    // The first one again: a replay. It fails, and so does the one that replaced it.
    await expect(oidc.refreshTokenGrant(config, first.refresh_token!)).rejects.toMatchObject({
      error: "invalid_grant",
    });
    await expect(oidc.refreshTokenGrant(config, second.refresh_token!)).rejects.toMatchObject({
      error: "invalid_grant",
    });
  });

  it("stop after revocation, and introspection answers only the service's own tokens", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const other = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const otherConfig = await relyingParty(op.issuer, other);
    const { browser, person } = await signedInBrowser();
    const tokens = await exchange(config, await authorize(config, browser, offline));

    const own = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(own.active).toBe(true);
    expect(own.sub).toBe(person.oidcSubject);
    expect((await oidc.tokenIntrospection(otherConfig, tokens.access_token)).active).toBe(false);

    await oidc.tokenRevocation(config, tokens.refresh_token!);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: "invalid_grant",
    });
  });

  it("end with a password reset", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const { browser, person } = await signedInBrowser("erik@example.com");
    const tokens = await exchange(config, await authorize(config, browser, offline));
    const { setNewPassword } = await import("@/lib/flows/password/set-new-password");
    const { accountById } = await import("@/lib/db/accounts");
    const account = (await accountById(h.db, person.id))!;
    await h.db.transaction((tx) =>
      setNewPassword(
        tx,
        account,
        "a brand new long passphrase 42",
        { by: "reset", via: "reset_link", proved: "email" },
        { now: new Date(), ip: "203.0.113.9", userAgent: "test", appOrigin: "http://localhost" },
      ),
    );
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: "invalid_grant",
    });
  });
});

describe("OpenID Provider: codes", () => {
  it("a code works once: a replay fails and ends the tokens it gave", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const { browser } = await signedInBrowser();
    const flow = await authorize(config, browser);
    const tokens = await exchange(config, flow);
    await expect(exchange(config, flow)).rejects.toMatchObject({ error: "invalid_grant" });
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
  });

  it("of ten parallel exchanges of one code, exactly one gets tokens", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const { browser } = await signedInBrowser();
    const flow = await authorize(config, browser);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => exchange(config, flow)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("an expired code is refused", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const { browser } = await signedInBrowser();
    const flow = await authorize(config, browser);
    await h.db
      .update(oidcModels)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(oidcModels.kind, "AuthorizationCode"), eq(oidcModels.clientId, service.row.clientId)));
    await expect(exchange(config, flow)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("a nonce that does not match is caught by the service", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const { browser } = await signedInBrowser();
    const flow = await authorize(config, browser);
    await expect(exchange(config, { ...flow, nonce: "another-nonce" })).rejects.toThrow(/unexpected JWT claim value/);
  });
});

describe("OpenID Provider: refused requests", () => {
  it("an unregistered redirect URI or an unknown client gets Tunnus's error page, never a redirect", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const { browser } = await signedInBrowser();
    const wrongUri = await authorize(config, browser, { redirect_uri: "https://evil.example/callback" });
    expect(wrongUri.stoppedAt.status).toBe(400);
    expect(wrongUri.stoppedAt.body).toContain("Kirjautuminen palveluun ei onnistunut");
    expect(wrongUri.stoppedAt.body).not.toContain("evil.example");

    const url = new URL(`${op.issuer}/oidc/auth`);
    url.search = new URLSearchParams({
      client_id: "no-such-service",
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: "openid",
    }).toString();
    const unknown = await browser.follow(url.href);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain("invalid_client");
  });

  it("hostile parameters answer an error page, never a 500", async () => {
    const { browser } = await signedInBrowser();
    for (const value of ["x".repeat(10_000), "<script>alert(1)</script>", "' OR 1=1 --", "\u0000\u0007"]) {
      const url = new URL(`${op.issuer}/oidc/auth`);
      url.search = new URLSearchParams({
        client_id: value,
        redirect_uri: value,
        response_type: "code",
        scope: value,
      }).toString();
      const answer = await browser.follow(url.href);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.body).not.toContain("<script>alert");
    }
  });
});

describe("OpenID Provider: consent", () => {
  it("a third-party service asks once per scope set; the answer is audited", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id, { firstParty: false, name: "Kumppanin kauppa" });
    const config = await relyingParty(op.issuer, service);
    const { browser, person } = await signedInBrowser();
    const first = await authorize(config, browser, { scope: "openid email" });
    expect(first.callback.pathname).toMatch(/^\/authorize\/[\w-]+$/);
    expect(first.callback.searchParams.get("rp")).toBe("http://127.0.0.1:9");
    const uid = first.callback.pathname.split("/").pop()!;
    const view = await loadConsent(h.db, uid, person.oidcSubject);
    expect(view).toMatchObject({ service: "Kumppanin kauppa", scopes: ["openid", "email"], offline: false });
    expect(await loadConsent(h.db, uid, "someone-else")).toBeNull();

    // Without the page's own Origin, the answer is not taken.
    const forged = await browser.request(`${op.issuer}/oidc/interaction/${uid}/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: "decision=allow",
    });
    expect(forged.status).toBe(400);

    const allowed = await browser.follow(`${op.issuer}/oidc/interaction/${uid}/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: op.issuer },
      body: "decision=allow",
    });
    expect(allowed.url.searchParams.get("code")).toBeTruthy();
    expect(allowed.url.searchParams.get("state")).toBe(first.state);

    // Once given, not asked again for the same scopes, even from a new Tunnus session.
    const again = new TestBrowser(op.issuer);
    await again.signIn(h.db, person.id);
    const second = await authorize(config, again, { scope: "openid email" });
    expect(second.callback.searchParams.get("code")).toBeTruthy();
    const grants = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, "oidc.grant"), eq(auditEvents.subjectUserId, person.id)));
    expect(grants.length).toBeGreaterThan(0);
  });

  it("a refusal goes back to the service as access_denied", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id, { firstParty: false });
    const config = await relyingParty(op.issuer, service);
    const { browser } = await signedInBrowser("erik@example.com");
    const first = await authorize(config, browser);
    const uid = first.callback.pathname.split("/").pop()!;
    const denied = await browser.follow(`${op.issuer}/oidc/interaction/${uid}/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: op.issuer },
      body: "decision=deny",
    });
    expect(denied.url.searchParams.get("error")).toBe("access_denied");
  });
});

describe("OpenID Provider: signing out", () => {
  it("a service's sign-out, confirmed, ends the Tunnus session and returns to its address", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const { browser, tunnusSessionId } = await signedInBrowser("erik@example.com");
    const tokens = await exchange(config, await authorize(config, browser));
    const end = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: "http://127.0.0.1:9/signed-out",
    });
    const page = await browser.follow(end.href);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Kirjaudutaanko ulos?");
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(xsrf).toBeTruthy();
    const done = await browser.follow(`${op.issuer}/oidc/session/end/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: op.issuer },
      body: new URLSearchParams({ xsrf: xsrf!, logout: "yes" }).toString(),
    });
    expect(done.url.href).toBe("http://127.0.0.1:9/signed-out");
    const [row] = await h.db.select().from(sessions).where(eq(sessions.id, tunnusSessionId));
    expect(row?.revokedAt).not.toBeNull();
    expect(browser.cookies.has("tunnus.session")).toBe(false);
  });

  it("signing out everywhere sends each service with a back-channel address a logout token", async () => {
    const received: string[] = [];
    const backChannel = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push(new URLSearchParams(body).get("logout_token") ?? "");
        res.end();
      });
    });
    await new Promise<void>((resolve) => backChannel.listen(0, "127.0.0.1", resolve));
    try {
      const demo = await h.organization("123");
      const port = (backChannel.address() as AddressInfo).port;
      const service = await registerService(h.db, demo.id, { backchannelLogoutUri: `http://127.0.0.1:${port}/bc` });
      const config = await relyingParty(op.issuer, service);
      const { browser, person } = await signedInBrowser("erik@example.com");
      const tokens = await exchange(config, await authorize(config, browser));
      const result = await endServiceSessions({ subject: person.oidcSubject }, { db: h.db, issuer: op.issuer });
      expect(result).toEqual({ notified: 1, failed: 0 });
      expect(received).toHaveLength(1);
      const claims = JSON.parse(Buffer.from(received[0]!.split(".")[1]!, "base64url").toString()) as Record<
        string,
        unknown
      >;
      expect(claims.sub).toBe(person.oidcSubject);
      expect(claims.sid).toBe(tokens.claims()?.sid);
      expect(claims.events).toHaveProperty(["http://schemas.openid.net/event/backchannel-logout"]);
    } finally {
      backChannel.close();
    }
  });
});

describe("OpenID Provider: signing keys", () => {
  it("a rotation signs with new keys and keeps the old ones published", async () => {
    const demo = await h.organization("123");
    const service = await registerService(h.db, demo.id);
    const config = await relyingParty(op.issuer, service);
    const { browser } = await signedInBrowser();
    const before = await exchange(config, await authorize(config, browser));
    const oldKid = JSON.parse(Buffer.from(before.id_token!.split(".")[0]!, "base64url").toString()).kid as string;

    await rotateSigningKeys(h.db, { keepPublishedSeconds: SIGNED_TOKEN_MAX_SECONDS });
    forgetProvider();
    const jwks = (await (await fetch(`${op.issuer}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys).toHaveLength(4);
    expect(jwks.keys.map((k) => k.kid)).toContain(oldKid);

    const fresh = await relyingParty(op.issuer, service);
    const after = await exchange(fresh, await authorize(fresh, browser));
    const newKid = JSON.parse(Buffer.from(after.id_token!.split(".")[0]!, "base64url").toString()).kid as string;
    expect(newKid).not.toBe(oldKid);
  });
});
