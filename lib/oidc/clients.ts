import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type OidcClient, oidcClients, organizations } from "@/lib/db/schema";

/** Our own client metadata, carried on oidc-provider's Client (`extraClientMetadata`). */
export const TUNNUS_CLIENT_METADATA = ["tunnus_organization_id", "tunnus_first_party", "tunnus_client_row"] as const;

/**
 * A service as oidc-provider's client metadata. A confidential client's "secret" here is the
 * stored hash: `compareClientSecret` is replaced to hash what the client sends (lib/oidc/provider.ts),
 * and no HMAC algorithm that would key on it is allowed.
 */
export function clientMetadata(row: OidcClient, org: { oidcPairwiseSubjects: boolean }): Record<string, unknown> {
  const grantTypes = ["authorization_code"];
  if (row.scopes.includes("offline_access")) grantTypes.push("refresh_token");
  return {
    client_id: row.clientId,
    client_name: row.name,
    ...(row.homeUrl ? { client_uri: row.homeUrl } : {}),
    redirect_uris: row.redirectUris,
    post_logout_redirect_uris: row.postLogoutRedirectUris,
    ...(row.backchannelLogoutUri
      ? { backchannel_logout_uri: row.backchannelLogoutUri, backchannel_logout_session_required: true }
      : {}),
    response_types: ["code"],
    grant_types: grantTypes,
    token_endpoint_auth_method: row.tokenEndpointAuthMethod,
    ...(row.secretHash ? { client_secret: row.secretHash } : {}),
    ...(row.jwks ? { jwks: row.jwks } : {}),
    ...(row.jwksUri ? { jwks_uri: row.jwksUri } : {}),
    ...(row.tokenEndpointAuthMethod === "private_key_jwt" ? { token_endpoint_auth_signing_alg: undefined } : {}),
    id_token_signed_response_alg: row.idTokenAlg,
    scope: row.scopes.join(" "),
    subject_type: org.oidcPairwiseSubjects ? "pairwise" : "public",
    tunnus_organization_id: row.organizationId,
    tunnus_first_party: row.firstParty,
    tunnus_client_row: row.id,
  };
}

export async function clientMetadataById(db: Db, clientId: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await db
    .select({ client: oidcClients, pairwise: organizations.oidcPairwiseSubjects })
    .from(oidcClients)
    .innerJoin(organizations, eq(organizations.id, oidcClients.organizationId))
    .where(eq(oidcClients.clientId, clientId))
    .limit(1);
  return row ? clientMetadata(row.client, { oidcPairwiseSubjects: row.pairwise }) : undefined;
}
