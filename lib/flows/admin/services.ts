import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { type OidcClient, oidcClients, oidcModels } from "@/lib/db/schema";
import { isDemoAllowed } from "@/lib/env";
import type { Failure, FlowContext, Ok } from "@/lib/flows/context";
import { newClientId } from "@/lib/oidc/client-id";
import { newClientSecret } from "@/lib/oidc/client-secret";
import { isUuid } from "@/lib/validation/uuid";
import { type AdminScope, auditActor } from "./scope";
import {
  checkServiceInput,
  type ServiceErrors,
  type ServiceInput,
  type ServiceValues,
  usesSecret,
} from "./service-input";

/**
 * The services (OpenID Connect clients) of the administrator's organisation: listed, read,
 * registered, changed, given a new secret and removed, each write in one transaction with its
 * audit event. The organisation is always the scope's, never the URL's or the form's.
 */

export type ServiceContext = Pick<FlowContext, "now"> & {
  /**
   * Only https addresses. By default in production, unless in demo mode, where (as in
   * development) a service on http://localhost or http://127.0.0.1 can be tried out.
   */
  production?: boolean;
};

const httpsOnly = (ctx: ServiceContext) => ctx.production ?? !isDemoAllowed();

/** Who did it, in the audit details: an administrator at /admin, or the operator at the CLI. */
const by = (scope: AdminScope) => (scope.actorUserId ? "admin" : "operator");

/** What the list shows of a service. */
export type ServiceSummary = Pick<
  OidcClient,
  "id" | "clientId" | "name" | "kind" | "tokenEndpointAuthMethod" | "firstParty" | "redirectUris" | "scopes"
>;

/** The organisation's services, by name. */
export async function listServices(db: Db, scope: AdminScope): Promise<ServiceSummary[]> {
  return db
    .select({
      id: oidcClients.id,
      clientId: oidcClients.clientId,
      name: oidcClients.name,
      kind: oidcClients.kind,
      tokenEndpointAuthMethod: oidcClients.tokenEndpointAuthMethod,
      firstParty: oidcClients.firstParty,
      redirectUris: oidcClients.redirectUris,
      scopes: oidcClients.scopes,
    })
    .from(oidcClients)
    .where(eq(oidcClients.organizationId, scope.organizationId))
    .orderBy(asc(sql`lower(${oidcClients.name})`), asc(oidcClients.id));
}

/** A service as its page shows it: never the secret's hash, only whether it has one. */
export type ServiceView = Omit<OidcClient, "secretHash" | "organizationId"> & { hasSecret: boolean };

export const SERVICE_CONFIRMATIONS = ["rotate", "delete"] as const;
export type ServiceConfirmation = (typeof SERVICE_CONFIRMATIONS)[number];

/** The row of the scope's organisation, or null for anything else (another's id, a malformed id). */
async function serviceInScope(db: Db, scope: AdminScope, id: string, opts: { lock?: boolean } = {}) {
  if (!isUuid(id)) return null;
  const query = db
    .select()
    .from(oidcClients)
    .where(and(eq(oidcClients.id, id), eq(oidcClients.organizationId, scope.organizationId)))
    .limit(1);
  const [row] = opts.lock ? await query.for("update") : await query;
  return row ?? null;
}

function view(row: OidcClient): ServiceView {
  const { secretHash, organizationId, ...shown } = row;
  void organizationId;
  return { ...shown, hasSecret: Boolean(secretHash) };
}

/**
 * A service's page: the service, and the confirmation `?confirm=` asks for if the page offers it
 * (a new secret only to a service that has one). Null when the organisation has no such service.
 */
export async function loadService(
  db: Db,
  scope: AdminScope,
  id: string,
  search: { confirm?: string } = {},
): Promise<{ service: ServiceView; confirmation: ServiceConfirmation | null } | null> {
  const row = await serviceInScope(db, scope, id);
  if (!row) return null;
  const service = view(row);
  const asked = SERVICE_CONFIRMATIONS.find((c) => c === search.confirm) ?? null;
  const confirmation = asked === "rotate" && !service.hasSecret ? null : asked;
  return { service, confirmation };
}

export type InvalidService = Failure<"invalid", ServiceErrors>;

/** What changes in the row for these settings (not the secret: the caller decides that). */
const columns = (v: ServiceValues, now: Date) => ({ ...v, updatedAt: now });

/**
 * Registers a service in the scope's organisation with a new client_id. A service that
 * authenticates with a secret gets one: returned here once, stored only as its hash.
 */
export async function createService(
  db: Db,
  scope: AdminScope,
  input: ServiceInput,
  ctx: ServiceContext,
): Promise<Ok<{ id: string; clientId: string; secret: string | null }> | InvalidService> {
  const checked = checkServiceInput(input, { production: httpsOnly(ctx) });
  if (!checked.ok) return { ok: false, reason: "invalid", errors: checked.errors, lines: checked.lines };
  const v = checked.values;
  const secret = usesSecret(v.tokenEndpointAuthMethod) ? newClientSecret() : null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(oidcClients)
      .values({
        ...columns(v, ctx.now),
        clientId: newClientId(),
        organizationId: scope.organizationId,
        secretHash: secret?.hash ?? null,
        createdAt: ctx.now,
      })
      .returning({ id: oidcClients.id, clientId: oidcClients.clientId });
    if (!row) throw new Error("createService: the insert returned no row");
    await recordAudit(tx, {
      ...auditActor(scope),
      event: "oidc.client_created",
      details: {
        clientId: row.clientId,
        name: v.name,
        kind: v.kind,
        authMethod: v.tokenEndpointAuthMethod,
        firstParty: v.firstParty,
        scopes: v.scopes,
        by: by(scope),
      },
    });
    return { ok: true, id: row.id, clientId: row.clientId, secret: secret?.secret ?? null };
  });
}

const CHANGEABLE = [
  "name",
  "homeUrl",
  "redirectUris",
  "postLogoutRedirectUris",
  "backchannelLogoutUri",
  "kind",
  "tokenEndpointAuthMethod",
  "jwks",
  "jwksUri",
  "firstParty",
  "scopes",
  "idTokenAlg",
] as const satisfies (keyof ServiceValues)[];

/**
 * Changes a service's settings. Its client_id stays. A service that now authenticates with a
 * secret and had none gets one (returned once); one that no longer uses a secret loses it.
 */
export async function updateService(
  db: Db,
  scope: AdminScope,
  id: string,
  input: ServiceInput,
  ctx: ServiceContext,
): Promise<Ok<{ secret: string | null }> | Failure<"notFound"> | InvalidService> {
  const checked = checkServiceInput(input, { production: httpsOnly(ctx) });
  if (!checked.ok) return { ok: false, reason: "invalid", errors: checked.errors, lines: checked.lines };
  const v = checked.values;
  return db.transaction(async (tx) => {
    const row = await serviceInScope(tx, scope, id, { lock: true });
    if (!row) return { ok: false, reason: "notFound" } as const;
    const secret = usesSecret(v.tokenEndpointAuthMethod) && !row.secretHash ? newClientSecret() : null;
    const secretHash = usesSecret(v.tokenEndpointAuthMethod) ? (secret?.hash ?? row.secretHash) : null;
    const changed = CHANGEABLE.filter((k) => JSON.stringify(row[k]) !== JSON.stringify(v[k]));
    await tx
      .update(oidcClients)
      .set({ ...columns(v, ctx.now), secretHash })
      .where(eq(oidcClients.id, row.id));
    await recordAudit(tx, {
      ...auditActor(scope),
      event: "oidc.client_updated",
      details: { clientId: row.clientId, name: v.name, changed, newSecret: Boolean(secret), by: by(scope) },
    });
    return { ok: true, secret: secret?.secret ?? null } as const;
  });
}

/**
 * A new secret for a service that authenticates with one: the old one stops working at once.
 * Returned here once; stored only as its hash.
 */
export async function rotateServiceSecret(
  db: Db,
  scope: AdminScope,
  id: string,
  ctx: Pick<ServiceContext, "now">,
): Promise<Ok<{ clientId: string; secret: string }> | Failure<"notFound" | "noSecret">> {
  return db.transaction(async (tx) => {
    const row = await serviceInScope(tx, scope, id, { lock: true });
    if (!row) return { ok: false, reason: "notFound" } as const;
    if (!usesSecret(row.tokenEndpointAuthMethod)) return { ok: false, reason: "noSecret" } as const;
    const { secret, hash } = newClientSecret();
    await tx.update(oidcClients).set({ secretHash: hash, updatedAt: ctx.now }).where(eq(oidcClients.id, row.id));
    await recordAudit(tx, {
      ...auditActor(scope),
      event: "oidc.client_secret_rotated",
      details: { clientId: row.clientId, name: row.name, by: by(scope) },
    });
    return { ok: true, clientId: row.clientId, secret } as const;
  });
}

/**
 * Removes a service, and with it everything the provider keeps for it: its grants and every
 * token, code and session entry tied to one of them (`oidc_models`), and the people's
 * connections to it (`oidc_connections`, by the foreign key's cascade). Its tokens stop working.
 */
export async function deleteService(
  db: Db,
  scope: AdminScope,
  id: string,
): Promise<Ok<{ clientId: string }> | Failure<"notFound">> {
  return db.transaction(async (tx) => {
    const row = await serviceInScope(tx, scope, id, { lock: true });
    if (!row) return { ok: false, reason: "notFound" } as const;
    const grants = tx
      .select({ id: oidcModels.id })
      .from(oidcModels)
      .where(and(eq(oidcModels.kind, "Grant"), eq(oidcModels.clientId, row.clientId)));
    await tx.delete(oidcModels).where(or(eq(oidcModels.clientId, row.clientId), inArray(oidcModels.grantId, grants)));
    await tx.delete(oidcClients).where(eq(oidcClients.id, row.id));
    await recordAudit(tx, {
      ...auditActor(scope),
      event: "oidc.client_deleted",
      details: { clientId: row.clientId, name: row.name, by: by(scope) },
    });
    return { ok: true, clientId: row.clientId } as const;
  });
}

/**
 * The organisation and row id of the service with this client_id, for the operator's CLI, whose
 * commands name a service by its client_id alone; then the flows above run in that scope.
 */
export async function serviceByClientId(
  db: Db,
  clientId: string,
): Promise<{ id: string; organizationId: string } | null> {
  const [row] = await db
    .select({ id: oidcClients.id, organizationId: oidcClients.organizationId })
    .from(oidcClients)
    .where(eq(oidcClients.clientId, clientId))
    .limit(1);
  return row ?? null;
}
