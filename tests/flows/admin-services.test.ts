import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, oidcClients, oidcConnections, oidcModels } from "@/lib/db/schema";
import type { AdminScope } from "@/lib/flows/admin/scope";
import type { ServiceInput } from "@/lib/flows/admin/service-input";
import {
  createService,
  deleteService,
  listServices,
  loadService,
  rotateServiceSecret,
  serviceByClientId,
  updateService,
} from "@/lib/flows/admin/services";
import { clientSecretHash, clientSecretMatches } from "@/lib/oidc/client-secret";
import { SERVICE_NAME_MAX, SERVICE_URI_COUNT_MAX } from "@/lib/validation/limits";
import { seededTestDb } from "../helpers/db";
import { userByEmail } from "../helpers/fixtures";

const h = seededTestDb();
let demoOy: AdminScope;
let liitto: AdminScope;
beforeAll(async () => {
  demoOy = await h.adminScope("admin@example.com", { ip: "192.0.2.7", userAgent: "vitest" });
  liitto = await h.adminScope("liitto.admin@example.com");
});

const ctx = (production = true) => ({ now: new Date(), production });

const confidential = (over: Partial<ServiceInput> = {}): ServiceInput => ({
  name: "Jäsenpalvelu",
  homeUrl: "https://jasenet.example.fi/",
  redirectUris: ["https://jasenet.example.fi/auth/callback", "", "https://jasenet.example.fi/auth/callback2"],
  postLogoutRedirectUris: ["https://jasenet.example.fi/"],
  backchannelLogoutUri: "https://jasenet.example.fi/auth/backchannel",
  kind: "confidential",
  authMethod: "client_secret_basic",
  firstParty: true,
  scopes: ["profile", "email", "membership"],
  idTokenAlg: "ES256",
  ...over,
});

/** The audit rows of `event` about the service with this client_id. */
async function auditOf(event: string, clientId: string) {
  const rows = await h.db.select().from(auditEvents).where(eq(auditEvents.event, event));
  return rows.filter((r) => (r.details as { clientId?: string } | null)?.clientId === clientId);
}

async function created(scope: AdminScope, input: ServiceInput = confidential()) {
  const result = await createService(h.db, scope, input, ctx());
  if (!result.ok) throw new Error(`createService refused: ${JSON.stringify(result)}`);
  return result;
}

describe("createService", () => {
  it("registers a confidential service in the administrator's organisation; the secret once, its hash kept", async () => {
    const result = await created(demoOy);
    expect(result.clientId).toMatch(/^tunnus-[A-Za-z0-9_-]{22}$/);
    expect(result.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await h.db.select().from(oidcClients).where(eq(oidcClients.id, result.id));
    expect(row).toMatchObject({
      organizationId: demoOy.organizationId,
      clientId: result.clientId,
      name: "Jäsenpalvelu",
      homeUrl: "https://jasenet.example.fi/",
      redirectUris: ["https://jasenet.example.fi/auth/callback", "https://jasenet.example.fi/auth/callback2"],
      postLogoutRedirectUris: ["https://jasenet.example.fi/"],
      backchannelLogoutUri: "https://jasenet.example.fi/auth/backchannel",
      kind: "confidential",
      tokenEndpointAuthMethod: "client_secret_basic",
      firstParty: true,
      scopes: ["openid", "profile", "email", "membership"],
      idTokenAlg: "ES256",
      jwks: null,
      jwksUri: null,
    });
    expect(row?.secretHash).toBe(clientSecretHash(result.secret ?? ""));
    expect(clientSecretMatches(row?.secretHash, result.secret)).toBe(true);
    const [audit] = await auditOf("oidc.client_created", result.clientId);
    expect(audit).toMatchObject({
      organizationId: demoOy.organizationId,
      actorUserId: demoOy.actorUserId,
      ip: "192.0.2.7",
      details: { clientId: result.clientId, name: "Jäsenpalvelu", kind: "confidential", by: "admin" },
    });
    // The secret is in no audit row.
    expect(JSON.stringify(await h.db.select().from(auditEvents))).not.toContain(result.secret);
  });

  it("registers a public service (PKCE, no secret) with the default scopes and algorithm", async () => {
    const result = await created(demoOy, {
      name: "Mobiilisovellus",
      redirectUris: ["https://app.example.fi/callback"],
      kind: "public",
      // A public service's other settings are ignored (the form posts them all without JavaScript).
      authMethod: "client_secret_post",
      jwks: "not json",
    });
    expect(result.secret).toBeNull();
    const [row] = await h.db.select().from(oidcClients).where(eq(oidcClients.id, result.id));
    expect(row).toMatchObject({
      kind: "public",
      tokenEndpointAuthMethod: "none",
      secretHash: null,
      scopes: ["openid", "profile", "email"],
      idTokenAlg: "RS256",
      firstParty: false,
      homeUrl: null,
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
    });
  });

  it("registers a private_key_jwt service with a JWKS document or a jwks_uri, and no secret", async () => {
    const jwks = JSON.stringify({
      keys: [
        {
          kty: "EC",
          crv: "P-256",
          x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
          y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
        },
      ],
    });
    const withKeys = await created(demoOy, confidential({ name: "Verkkokauppa", authMethod: "private_key_jwt", jwks }));
    expect(withKeys.secret).toBeNull();
    const [row] = await h.db.select().from(oidcClients).where(eq(oidcClients.id, withKeys.id));
    expect(row).toMatchObject({ tokenEndpointAuthMethod: "private_key_jwt", secretHash: null, jwksUri: null });
    expect(row?.jwks?.keys[0]).toMatchObject({ kty: "EC", crv: "P-256" });
    const byUri = await created(
      demoOy,
      confidential({ name: "Intranet", authMethod: "private_key_jwt", jwksUri: "https://intra.example.fi/jwks.json" }),
    );
    expect((await h.db.select().from(oidcClients).where(eq(oidcClients.id, byUri.id)))[0]?.jwksUri).toBe(
      "https://intra.example.fi/jwks.json",
    );
  });

  it("refuses bad input field by field, with the line of a refused address, and writes nothing", async () => {
    const before = await h.counts({ clients: oidcClients, audits: auditEvents });
    const refused = async (input: ServiceInput, production = true) => {
      const result = await createService(h.db, demoOy, input, ctx(production));
      expect(result.ok).toBe(false);
      return result.ok ? null : { errors: result.errors, lines: result.lines };
    };
    expect(await refused(confidential({ name: "  " }))).toEqual({ errors: { name: "empty" }, lines: {} });
    expect((await refused(confidential({ name: "x".repeat(10_000) })))?.errors).toEqual({ name: "tooLong" });
    expect((await refused(confidential({ name: "x".repeat(SERVICE_NAME_MAX + 1) })))?.errors).toEqual({
      name: "tooLong",
    });
    expect((await refused(confidential({ name: "<script>alert(1)</script>" })))?.errors).toEqual({ name: "invalid" });
    expect((await refused(confidential({ name: "Palvelu\u0000" })))?.errors).toEqual({ name: "invalid" });
    expect((await refused(confidential({ name: "Palvelu\u202e" })))?.errors).toEqual({ name: "invalid" });
    expect((await refused(confidential({ redirectUris: ["", "  "] })))?.errors).toEqual({ redirectUris: "none" });
    expect(
      await refused(confidential({ redirectUris: ["https://ok.example/cb", "", "http://evil.example/cb"] })),
    ).toEqual({
      errors: { redirectUris: "notHttps" },
      lines: { redirectUris: 3 },
    });
    expect(await refused(confidential({ redirectUris: ["https://ok.example/cb#x"] }))).toEqual({
      errors: { redirectUris: "fragment" },
      lines: { redirectUris: 1 },
    });
    expect((await refused(confidential({ redirectUris: ["https://*.example/cb"] })))?.errors).toEqual({
      redirectUris: "wildcard",
    });
    expect((await refused(confidential({ redirectUris: ["https://u:p@ok.example/cb"] })))?.errors).toEqual({
      redirectUris: "userinfo",
    });
    expect((await refused(confidential({ redirectUris: ["'; DROP TABLE oidc_clients; --"] })))?.errors).toEqual({
      redirectUris: "invalid",
    });
    expect((await refused(confidential({ redirectUris: ["a".repeat(10_000)] })))?.errors).toEqual({
      redirectUris: "tooLong",
    });
    const many = Array.from({ length: SERVICE_URI_COUNT_MAX + 1 }, (_, i) => `https://ok.example/cb${i}`);
    expect((await refused(confidential({ redirectUris: many })))?.errors).toEqual({ redirectUris: "tooMany" });
    expect(
      await refused(confidential({ postLogoutRedirectUris: ["https://ok.example/", "javascript:alert(1)"] })),
    ).toEqual({
      errors: { postLogoutRedirectUris: "scheme" },
      lines: { postLogoutRedirectUris: 2 },
    });
    expect((await refused(confidential({ homeUrl: "http://jasenet.example.fi/" })))?.errors).toEqual({
      homeUrl: "notHttps",
    });
    expect((await refused(confidential({ backchannelLogoutUri: "ftp://x.example/" })))?.errors).toEqual({
      backchannelLogoutUri: "scheme",
    });
    expect((await refused(confidential({ kind: "secret" })))?.errors).toEqual({ kind: "invalid" });
    expect((await refused(confidential({ kind: "" })))?.errors).toEqual({ kind: "invalid" });
    expect((await refused(confidential({ authMethod: "client_secret_jwt" })))?.errors).toEqual({
      authMethod: "invalid",
    });
    expect((await refused(confidential({ scopes: ["profile", "admin"] })))?.errors).toEqual({ scopes: "invalid" });
    expect((await refused(confidential({ idTokenAlg: "none" })))?.errors).toEqual({ idTokenAlg: "invalid" });
    expect((await refused(confidential({ idTokenAlg: "HS256" })))?.errors).toEqual({ idTokenAlg: "invalid" });
    const keyless = confidential({ authMethod: "private_key_jwt" });
    expect((await refused(keyless))?.errors).toEqual({ jwks: "missing" });
    expect((await refused({ ...keyless, jwks: "{not json" }))?.errors).toEqual({ jwks: "invalid" });
    expect((await refused({ ...keyless, jwks: '{"keys": []}' }))?.errors).toEqual({ jwks: "invalid" });
    expect((await refused({ ...keyless, jwks: '{"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}' }))?.errors).toEqual({
      jwks: "private",
    });
    expect((await refused({ ...keyless, jwks: `{"keys": [${'{"kty":"EC"},'.repeat(2000)}]}` }))?.errors).toEqual({
      jwks: "tooLong",
    });
    expect(
      (await refused({ ...keyless, jwks: '{"keys": [{"kty": "EC"}]}', jwksUri: "https://x.example/jwks" }))?.errors,
    ).toEqual({ jwks: "both" });
    expect((await refused({ ...keyless, jwksUri: "http://x.example/jwks" }))?.errors).toEqual({ jwksUri: "notHttps" });
    // Several problems at once: each field its own.
    expect((await refused(confidential({ name: "", redirectUris: [], idTokenAlg: "x" })))?.errors).toEqual({
      name: "empty",
      redirectUris: "none",
      idTokenAlg: "invalid",
    });
    // A hostile caller's types (not text) are refused, not thrown.
    expect((await refused({ ...confidential(), name: 42 as unknown as string }))?.errors).toEqual({ name: "invalid" });
    expect(await h.counts({ clients: oidcClients, audits: auditEvents })).toEqual(before);
  });

  it("takes http://localhost and http://127.0.0.1 in development only", async () => {
    const local = confidential({
      name: "Kehitys",
      redirectUris: ["http://localhost:3001/cb", "http://127.0.0.1:8080/cb"],
    });
    expect((await createService(h.db, demoOy, local, ctx(true))).ok).toBe(false);
    expect((await createService(h.db, demoOy, local, ctx(false))).ok).toBe(true);
  });
});

describe("listServices and loadService", () => {
  it("show only the administrator's own organisation's services, never a secret's hash", async () => {
    const own = await created(demoOy, confidential({ name: "Aakkosjärjestyksessä ensin" }));
    const other = await created(liitto, confidential({ name: "Liiton palvelu" }));
    const list = await listServices(h.db, demoOy);
    expect(list.map((s) => s.id)).toContain(own.id);
    expect(list.map((s) => s.id)).not.toContain(other.id);
    expect(list[0]?.name).toBe("Aakkosjärjestyksessä ensin");
    expect(JSON.stringify(list)).not.toContain("secretHash");
    expect((await listServices(h.db, liitto)).map((s) => s.id)).toEqual([other.id]);

    const page = await loadService(h.db, demoOy, own.id);
    expect(page?.service).toMatchObject({ id: own.id, clientId: own.clientId, hasSecret: true });
    expect(page?.service).not.toHaveProperty("secretHash");
    expect(page?.confirmation).toBeNull();
    expect(await loadService(h.db, liitto, own.id)).toBeNull();
    expect(await loadService(h.db, demoOy, other.id)).toBeNull();
    expect(await loadService(h.db, demoOy, "not-a-uuid")).toBeNull();
    expect(await loadService(h.db, demoOy, "' OR 1=1 --")).toBeNull();
  });

  it("asks to confirm only what the page offers", async () => {
    const secretful = await created(demoOy);
    const pkce = await created(demoOy, { name: "SPA", redirectUris: ["https://spa.example/cb"], kind: "public" });
    const confirm = async (id: string, c?: string) =>
      (await loadService(h.db, demoOy, id, { confirm: c }))?.confirmation;
    expect(await confirm(secretful.id, "rotate")).toBe("rotate");
    expect(await confirm(secretful.id, "delete")).toBe("delete");
    expect(await confirm(secretful.id, "dropTables")).toBeNull();
    expect(await confirm(pkce.id, "rotate")).toBeNull();
    expect(await confirm(pkce.id, "delete")).toBe("delete");
  });
});

describe("updateService", () => {
  it("changes the settings, keeps the client_id and the secret, and audits what changed", async () => {
    const service = await created(demoOy);
    const [before] = await h.db.select().from(oidcClients).where(eq(oidcClients.id, service.id));
    const result = await updateService(
      h.db,
      demoOy,
      service.id,
      confidential({ name: "Jäsenpalvelu 2", redirectUris: ["https://uusi.example.fi/cb"], firstParty: false }),
      ctx(),
    );
    expect(result).toEqual({ ok: true, secret: null });
    const [after] = await h.db.select().from(oidcClients).where(eq(oidcClients.id, service.id));
    expect(after).toMatchObject({
      clientId: service.clientId,
      name: "Jäsenpalvelu 2",
      redirectUris: ["https://uusi.example.fi/cb"],
      firstParty: false,
      secretHash: before?.secretHash,
    });
    const [audit] = await auditOf("oidc.client_updated", service.clientId);
    expect(audit?.details).toMatchObject({ changed: ["name", "redirectUris", "firstParty"], newSecret: false });
  });

  it("gives a secret (once) to a service that now needs one, and drops one no longer needed", async () => {
    const pkce = await created(demoOy, { name: "SPA", redirectUris: ["https://spa.example/cb"], kind: "public" });
    const toSecret = await updateService(
      h.db,
      demoOy,
      pkce.id,
      { name: "SPA", redirectUris: ["https://spa.example/cb"], kind: "confidential", authMethod: "client_secret_post" },
      ctx(),
    );
    expect(toSecret.ok && toSecret.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await h.db.select().from(oidcClients).where(eq(oidcClients.id, pkce.id));
    expect(clientSecretMatches(row?.secretHash, toSecret.ok ? toSecret.secret : "")).toBe(true);
    const back = await updateService(
      h.db,
      demoOy,
      pkce.id,
      { name: "SPA", redirectUris: ["https://spa.example/cb"], kind: "public" },
      ctx(),
    );
    expect(back).toEqual({ ok: true, secret: null });
    expect((await h.db.select().from(oidcClients).where(eq(oidcClients.id, pkce.id)))[0]).toMatchObject({
      kind: "public",
      tokenEndpointAuthMethod: "none",
      secretHash: null,
    });
  });

  it("refuses bad input and another organisation's service, and changes nothing", async () => {
    const service = await created(demoOy);
    const [before] = await h.db.select().from(oidcClients).where(eq(oidcClients.id, service.id));
    const bad = await updateService(h.db, demoOy, service.id, confidential({ redirectUris: ["https://x/#"] }), ctx());
    expect(bad).toMatchObject({ ok: false, reason: "invalid", errors: { redirectUris: "fragment" } });
    expect(await updateService(h.db, liitto, service.id, confidential({ name: "Kaapattu" }), ctx())).toEqual({
      ok: false,
      reason: "notFound",
    });
    expect(await updateService(h.db, demoOy, "nope", confidential(), ctx())).toEqual({ ok: false, reason: "notFound" });
    expect((await h.db.select().from(oidcClients).where(eq(oidcClients.id, service.id)))[0]).toEqual(before);
    expect(await auditOf("oidc.client_updated", service.clientId)).toEqual([]);
  });
});

describe("rotateServiceSecret", () => {
  it("replaces the secret: the new one works, the old one no longer; audited without either", async () => {
    const service = await created(demoOy);
    const result = await rotateServiceSecret(h.db, demoOy, service.id, ctx());
    if (!result.ok) throw new Error("rotate refused");
    expect(result.secret).not.toBe(service.secret);
    const [row] = await h.db.select().from(oidcClients).where(eq(oidcClients.id, service.id));
    expect(clientSecretMatches(row?.secretHash, result.secret)).toBe(true);
    expect(clientSecretMatches(row?.secretHash, service.secret)).toBe(false);
    const [audit] = await auditOf("oidc.client_secret_rotated", service.clientId);
    expect(audit).toMatchObject({ actorUserId: demoOy.actorUserId, details: { clientId: service.clientId } });
    expect(JSON.stringify(audit)).not.toContain(result.secret);
  });

  it("refuses a service without a secret, and another organisation's", async () => {
    const pkce = await created(demoOy, { name: "SPA", redirectUris: ["https://spa.example/cb"], kind: "public" });
    expect(await rotateServiceSecret(h.db, demoOy, pkce.id, ctx())).toEqual({ ok: false, reason: "noSecret" });
    const service = await created(demoOy);
    const [before] = await h.db.select().from(oidcClients).where(eq(oidcClients.id, service.id));
    expect(await rotateServiceSecret(h.db, liitto, service.id, ctx())).toEqual({ ok: false, reason: "notFound" });
    expect((await h.db.select().from(oidcClients).where(eq(oidcClients.id, service.id)))[0]?.secretHash).toBe(
      before?.secretHash,
    );
  });
});

describe("deleteService", () => {
  it("removes the service, its grants and their tokens, and the people's connections; audited", async () => {
    const service = await created(demoOy);
    const keep = await created(demoOy, confidential({ name: "Toinen" }));
    const maija = await userByEmail(h.db, "maija@example.com");
    const model = (kind: string, id: string, clientId: string | null, grantId: string | null) => ({
      kind,
      id,
      payload: {},
      clientId,
      grantId,
      accountId: maija.oidcSubject,
    });
    await h.db.insert(oidcModels).values([
      model("Grant", "g-del", service.clientId, null),
      model("AccessToken", "at-del", service.clientId, "g-del"),
      // A token row whose client column the adapter left empty: found through its grant.
      model("RefreshToken", "rt-del", null, "g-del"),
      model("Grant", "g-keep", keep.clientId, null),
      model("AccessToken", "at-keep", keep.clientId, "g-keep"),
    ]);
    await h.db.insert(oidcConnections).values([
      { userId: maija.id, clientId: service.id, scopes: ["openid"] },
      { userId: maija.id, clientId: keep.id, scopes: ["openid"] },
    ]);

    expect(await deleteService(h.db, liitto, service.id)).toEqual({ ok: false, reason: "notFound" });
    expect(await h.count(oidcClients, eq(oidcClients.id, service.id))).toBe(1);

    expect(await deleteService(h.db, demoOy, service.id)).toEqual({ ok: true, clientId: service.clientId });
    expect(await h.count(oidcClients, eq(oidcClients.id, service.id))).toBe(0);
    const left = await h.db.select({ id: oidcModels.id }).from(oidcModels);
    expect(left.map((r) => r.id).sort()).toEqual(["at-keep", "g-keep"]);
    const connections = await h.db.select().from(oidcConnections).where(eq(oidcConnections.userId, maija.id));
    expect(connections.map((c) => c.clientId)).toEqual([keep.id]);
    const [audit] = await auditOf("oidc.client_deleted", service.clientId);
    expect(audit).toMatchObject({ organizationId: demoOy.organizationId, details: { name: "Jäsenpalvelu" } });
    expect(await deleteService(h.db, demoOy, service.id)).toEqual({ ok: false, reason: "notFound" });
  });
});

describe("serviceByClientId", () => {
  it("finds the organisation of a client_id, for the CLI", async () => {
    const service = await created(liitto, confidential({ name: "Liiton toinen" }));
    expect(await serviceByClientId(h.db, service.clientId)).toEqual({
      id: service.id,
      organizationId: liitto.organizationId,
    });
    expect(await serviceByClientId(h.db, "tunnus-none")).toBeNull();
  });
});
