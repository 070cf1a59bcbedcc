import { randomBytes } from "node:crypto";
import { and, eq, or } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { oidcClients, oidcConnections, oidcModels } from "@/lib/db/schema";
import { must } from "./fixtures";

const randomId = () => randomBytes(16).toString("base64url");

/** A service of `organizationId`, written straight into `oidc_clients` (a confidential one, not first-party). */
export async function insertService(
  db: Db,
  opts: { organizationId: string; name: string; homeUrl?: string | null; firstParty?: boolean },
) {
  const [row] = await db
    .insert(oidcClients)
    .values({
      clientId: `tunnus-${randomId()}`,
      organizationId: opts.organizationId,
      name: opts.name,
      homeUrl: opts.homeUrl === undefined ? "https://palvelu.example/" : opts.homeUrl,
      redirectUris: ["https://palvelu.example/callback"],
      kind: "confidential",
      tokenEndpointAuthMethod: "client_secret_basic",
      secretHash: randomId(),
      firstParty: opts.firstParty ?? false,
    })
    .returning();
  return must(row, "the new service");
}

const TOKEN_KINDS = ["AccessToken", "RefreshToken", "AuthorizationCode"] as const;

/**
 * What oidc-provider leaves behind when `subject` signs in to the service `clientId` (the public
 * client_id): a Grant row and, issued under it, an access token, a refresh token and a code, as its
 * adapter stores them (the model's id, the grant's id, account and client in their columns).
 */
export async function insertGrant(db: Db, opts: { subject: string; clientId: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const iat = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date(now.getTime() + 14 * 24 * 3600_000);
  const grantId = randomId();
  const base = { accountId: opts.subject, clientId: opts.clientId, expiresAt };
  await db.insert(oidcModels).values([
    {
      kind: "Grant",
      id: grantId,
      ...base,
      payload: {
        kind: "Grant",
        jti: grantId,
        accountId: opts.subject,
        clientId: opts.clientId,
        openid: { scope: "openid profile email" },
        iat,
      },
    },
    ...TOKEN_KINDS.map((kind) => {
      const id = randomId();
      return {
        kind,
        id,
        grantId,
        ...base,
        payload: { kind, jti: id, grantId, accountId: opts.subject, clientId: opts.clientId, iat },
      };
    }),
  ]);
  return grantId;
}

/** The kinds of the provider's rows of a grant: the Grant itself and what was issued under it. */
export async function rowsOfGrant(db: Db, grantId: string) {
  const rows = await db
    .select({ kind: oidcModels.kind })
    .from(oidcModels)
    .where(or(eq(oidcModels.grantId, grantId), and(eq(oidcModels.kind, "Grant"), eq(oidcModels.id, grantId))));
  return rows.map((r) => r.kind).sort();
}

/** `userId` has used the service `clientRowId` (its `oidc_clients.id`), first at `first` and last at `last`. */
export async function insertConnection(
  db: Db,
  opts: { userId: string; clientRowId: string; scopes?: string[]; first?: Date; last?: Date },
) {
  const last = opts.last ?? new Date();
  await db.insert(oidcConnections).values({
    userId: opts.userId,
    clientId: opts.clientRowId,
    scopes: opts.scopes ?? ["openid", "profile", "email"],
    firstUsedAt: opts.first ?? last,
    lastUsedAt: last,
  });
}
