import { and, desc, eq } from "drizzle-orm";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { accountById } from "@/lib/db/accounts";
import type { Db } from "@/lib/db/client";
import { oidcModels, organizations, sessions, users } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit";
import { tunnusCookieName } from "@/lib/session/cookie-names";
import { revokeSession, sessionTimes } from "@/lib/session/sessions";
import { boundTunnusSession, drizzleAdapter, plausibleId } from "./adapter";
import { claimsFor, pairwiseSubject } from "./claims";
import { clientMetadataById, TUNNUS_CLIENT_METADATA } from "./clients";
import { clientSecretMatches } from "./client-secret";
import { ensureSigningKeys, loadSigningKeys, signingKeysVersion } from "./keys";
import { noteRefusal, recordFirstPartyGrant, recordProviderOutcome } from "./outcomes";
import { logoutPage, errorPage, logoutDonePage } from "./pages";
import { CLAIMS_BY_SCOPE, OIDC_PATH, OIDC_SCOPES } from "./scopes";

/** Lifetimes, in seconds. An access token is short: a withdrawn grant stops it soon even where a service never asks. */
export const OIDC_TTL = {
  AccessToken: 10 * 60,
  AuthorizationCode: 60,
  IdToken: 60 * 60,
  RefreshToken: 30 * 24 * 3600,
  Interaction: 60 * 60,
  Grant: 365 * 24 * 3600,
} as const;

/** The longest a token signed by a key stays checkable: a rotated key is published this long. */
export const SIGNED_TOKEN_MAX_SECONDS = OIDC_TTL.IdToken + 5 * 60;

export const OIDC_COOKIES = {
  session: "tunnus.oidc.session",
  interaction: "tunnus.oidc.interaction",
  resume: "tunnus.oidc.resume",
} as const;

/** The organisation a service belongs to, carried on the Client (lib/oidc/clients.ts). */
export const organizationOfClient = (client: unknown): string | undefined =>
  (client as Record<string, unknown> | undefined)?.tunnus_organization_id as string | undefined;

export const isFirstParty = (client: unknown): boolean =>
  (client as Record<string, unknown> | undefined)?.tunnus_first_party === true;

type EndState = { endTunnusSession?: boolean };

/** Revokes the Tunnus session the request ran under, and clears its cookie. */
async function endBoundTunnusSession(db: Db, ctx: KoaContextWithOIDC, production: boolean) {
  const tunnusSessionId = boundTunnusSession.getStore()?.tunnusSessionId;
  if (!tunnusSessionId) return;
  const [row] = await db
    .select({ userId: sessions.userId, organizationId: users.organizationId })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, tunnusSessionId));
  await revokeSession(db, tunnusSessionId, new Date());
  if (row)
    await recordAudit(db, {
      event: "logout",
      organizationId: row.organizationId,
      actorUserId: row.userId,
      subjectUserId: row.userId,
      ip: ctx.ip ?? null,
      userAgent: ctx.get("user-agent") || null,
      details: { via: "service", clientId: ctx.oidc.client?.clientId ?? null },
    });
  const name = tunnusCookieName("session", production);
  ctx.append("Set-Cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${production ? "; Secure" : ""}`);
}

export type ProviderOptions = { issuer: string; getDb: () => Promise<Db>; production: boolean };

export async function createProvider({ issuer, getDb, production }: ProviderOptions): Promise<Provider> {
  const db = await getDb();
  await ensureSigningKeys(db);
  const { keys } = await loadSigningKeys(db);
  const Adapter = drizzleAdapter(getDb);
  const httpsIssuer = new URL(issuer).protocol === "https:";

  const configuration: Configuration = {
    adapter: (name: string) =>
      name === "Client"
        ? {
            async find(id: string) {
              return plausibleId(id) ? clientMetadataById(await getDb(), id) : undefined;
            },
            async upsert() {},
            async destroy() {},
            async consume() {},
            async findByUid() {
              return undefined;
            },
            async findByUserCode() {
              return undefined;
            },
            async revokeByGrantId() {},
          }
        : new Adapter(name),
    jwks: { keys: keys as never },
    scopes: [...OIDC_SCOPES],
    claims: Object.fromEntries(Object.entries(CLAIMS_BY_SCOPE).map(([scope, names]) => [scope, [...names]])),
    subjectTypes: ["public", "pairwise"],
    responseTypes: ["code"],
    clientAuthMethods: ["none", "client_secret_basic", "client_secret_post", "private_key_jwt"],
    enabledJWA: {
      idTokenSigningAlgValues: ["RS256", "ES256"],
      userinfoSigningAlgValues: ["RS256", "ES256"],
      introspectionSigningAlgValues: ["RS256", "ES256"],
      authorizationSigningAlgValues: ["RS256", "ES256"],
      // private_key_jwt only: a client's HMAC would key on the stored hash of its secret.
      clientAuthSigningAlgValues: ["RS256", "PS256", "ES256", "EdDSA"],
    },
    extraClientMetadata: { properties: [...TUNNUS_CLIENT_METADATA] },
    pkce: { required: (_ctx, client) => client.clientAuthMethod === "none" },
    routes: {
      authorization: `${OIDC_PATH}/auth`,
      token: `${OIDC_PATH}/token`,
      userinfo: `${OIDC_PATH}/me`,
      jwks: `${OIDC_PATH}/jwks`,
      revocation: `${OIDC_PATH}/token/revocation`,
      introspection: `${OIDC_PATH}/token/introspection`,
      end_session: `${OIDC_PATH}/session/end`,
    },
    cookies: {
      names: { ...OIDC_COOKIES },
      // Secure wherever the issuer is https (production); a local http issuer could not set them.
      long: { httpOnly: true, sameSite: "lax", secure: httpsIssuer },
      short: { httpOnly: true, sameSite: "lax", secure: httpsIssuer },
    },
    ttl: {
      AccessToken: OIDC_TTL.AccessToken,
      AuthorizationCode: OIDC_TTL.AuthorizationCode,
      IdToken: OIDC_TTL.IdToken,
      RefreshToken: OIDC_TTL.RefreshToken,
      Interaction: OIDC_TTL.Interaction,
      Grant: OIDC_TTL.Grant,
      // The OpenID session mirrors a Tunnus session, which lives at most this long.
      Session: sessionTimes().maxAgeHours * 3600,
    },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed("refresh_token") && code.scopes.has("offline_access"),
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      introspection: {
        enabled: true,
        // Only a confidential service may ask, and only about its own tokens.
        allowedPolicy: async (_ctx, client, token) =>
          client.clientAuthMethod !== "none" && token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => logoutPage(ctx, form),
        postLogoutSuccessSource: async (ctx) => logoutDonePage(ctx),
      },
      claimsParameter: { enabled: false },
      registration: { enabled: false },
    },
    // Small services (a WordPress or Moodle plugin) read the person from the ID token alone.
    conformIdTokenClaims: false,
    /**
     * oidc-provider refuses to call loopback and private addresses (a service's back-channel
     * logout, its jwks_uri): in production that stays. In development and tests the services run
     * on this machine, so loopback is allowed there and only there.
     */
    fetch: (url, options) => {
      const local = !production && ["localhost", "127.0.0.1", "[::1]"].includes(new URL(String(url)).hostname);
      if (local) delete (options as { dispatcher?: unknown }).dispatcher;
      return globalThis.fetch(url, options);
    },
    interactions: { url: async (_ctx, interaction) => `${OIDC_PATH}/interaction/${interaction.uid}` },
    renderError: async (ctx, out) => errorPage(ctx, out),
    /**
     * A third-party service asks for consent once per scope set, not once per Tunnus session:
     * the person's newest grant for the service is found whatever session made it.
     */
    loadExistingGrant: async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      const client = ctx.oidc.client;
      const fromResult = ctx.oidc.result?.consent?.grantId;
      if (fromResult) return ctx.oidc.provider.Grant.find(fromResult);
      if (!accountId || !client) return undefined;
      // Another organisation's person gets no grant here: the interaction tells them why.
      const account = ctx.oidc.account as unknown as { organizationId?: string } | undefined;
      if (account?.organizationId !== organizationOfClient(client)) return undefined;
      const [row] = await (
        await getDb()
      )
        .select({ id: oidcModels.id })
        .from(oidcModels)
        .where(
          and(
            eq(oidcModels.kind, "Grant"),
            eq(oidcModels.accountId, accountId),
            eq(oidcModels.clientId, client.clientId),
          ),
        )
        .orderBy(desc(oidcModels.expiresAt))
        .limit(1);
      const existing = row ? await ctx.oidc.provider.Grant.find(row.id) : undefined;
      if (!isFirstParty(client)) return existing;
      // A first-party service never asks: what it requests (within its allowed scopes) is granted.
      const grant = existing ?? new ctx.oidc.provider.Grant({ accountId, clientId: client.clientId });
      const requested = [...ctx.oidc.requestParamScopes].join(" ");
      const before = grant.getOIDCScope();
      grant.addOIDCScope(requested);
      if (!existing || grant.getOIDCScope() !== before) {
        await grant.save();
        await recordFirstPartyGrant(await getDb(), ctx, grant.getOIDCScope());
      }
      return grant;
    },
    /**
     * `sub` is the person's random `oidc_subject`. Only an active account of the service's own
     * organisation is found: a disabled, locked or deleted one, or a person of another
     * organisation, gets no tokens and no claims, whatever grant exists.
     */
    findAccount: async (ctx, sub) => {
      const db = await getDb();
      const [row] = await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.oidcSubject, sub), eq(users.status, "active")))
        .limit(1);
      if (!row) return undefined;
      const account = await accountById(db, row.id);
      if (!account) return undefined;
      // At the token and userinfo endpoints, only the service's own organisation's people. The
      // sign-in request itself finds anyone signed in, so the interaction can say what is wrong.
      const signingIn = ctx.oidc.route === "authorization" || ctx.oidc.route === "resume";
      const clientOrganization = organizationOfClient(ctx.oidc.client);
      if (!signingIn && clientOrganization !== account.organization.id) return undefined;
      return {
        accountId: sub,
        organizationId: account.organization.id,
        claims: async (_use: string, scope: string) =>
          claimsFor(account, sub, new Set(scope.split(" "))) as { sub: string },
      };
    },
    pairwiseIdentifier: async (_ctx, accountId, client) => {
      const organizationId = organizationOfClient(client);
      if (!organizationId) throw new Error("a pairwise client without its organisation");
      const [org] = await (
        await getDb()
      )
        .select({ salt: organizations.oidcPairwiseSalt })
        .from(organizations)
        .where(eq(organizations.id, organizationId));
      if (!org) throw new Error("a pairwise client's organisation is gone");
      return pairwiseSubject(accountId, client.clientId, org.salt);
    },
  };

  const provider = new Provider(issuer, configuration);
  // TLS ends in front of Next (Vercel, a proxy); Next passes the scheme on in X-Forwarded-Proto.
  provider.proxy = true;

  // A confidential service's secret is stored as its SHA-256 (lib/oidc/client-secret.ts):
  // the provider compares what the service sends, hashed, with it.
  provider.Client.prototype.compareClientSecret = function compareClientSecret(
    this: { clientSecret?: string },
    given: string,
  ) {
    return clientSecretMatches(this.clientSecret, given);
  };

  const refused = (ctx: KoaContextWithOIDC, error: { error?: string }) => noteRefusal(ctx, error);
  // One line, never the request: a 500's cause for the operator's log.
  provider.on("server_error", (_ctx: KoaContextWithOIDC, error: Error) =>
    console.error(`oidc-provider: ${error.name}: ${error.message}`),
  );
  provider.on("authorization.error", refused);
  provider.on("grant.error", refused);
  provider.on("revocation.error", refused);
  provider.on("introspection.error", refused);
  // A service's sign-out (RP-initiated logout) that the person confirmed ends the Tunnus session too.
  provider.on("end_session.success", (ctx: KoaContextWithOIDC) => {
    if ((ctx.oidc.params as Record<string, unknown> | undefined)?.logout)
      (ctx.state as EndState).endTunnusSession = true;
  });
  provider.use(async (ctx: KoaContextWithOIDC, next) => {
    await next();
    const db = await getDb();
    if ((ctx.state as EndState).endTunnusSession) await endBoundTunnusSession(db, ctx, production);
    await recordProviderOutcome(db, ctx);
  });

  return provider;
}

let cached: { provider: Promise<Provider>; issuer: string; version: string; checkedAt: number } | undefined;
/** How often an instance asks whether the signing keys changed (a rotation elsewhere). */
const KEY_CHECK_MS = 60_000;

/** One provider per process, rebuilt when the signing keys were rotated (by any instance). */
export async function getProvider(options: ProviderOptions): Promise<Provider> {
  const now = Date.now();
  if (cached && cached.issuer === options.issuer) {
    if (now - cached.checkedAt < KEY_CHECK_MS) return cached.provider;
    const version = await signingKeysVersion(await options.getDb());
    cached.checkedAt = now;
    if (version === cached.version) return cached.provider;
  }
  const version = await signingKeysVersion(await options.getDb());
  const provider = createProvider(options);
  cached = { provider, issuer: options.issuer, version, checkedAt: now };
  provider.catch(() => {
    cached = undefined;
  });
  return provider;
}

/** For tests and `keys:rotate` in-process: the next request builds a new provider. */
export function forgetProvider(): void {
  cached = undefined;
}
