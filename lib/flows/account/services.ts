import { and, asc, desc, eq, isNotNull } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { oidcClients, oidcConnections, type User, users } from "@/lib/db/schema";
import { revokeGrantsOf } from "@/lib/oidc/grants";
import { isUuid } from "@/lib/validation/uuid";
import type { FlowContext, FlowResult } from "@/lib/flows/context";

/** A service the person has signed in to with Tunnus: "Palvelut, joihin olet kirjautunut". */
export type ConnectedService = {
  /** `oidc_clients.id`: what the withdraw form names the service by (never its public client_id). */
  clientRowId: string;
  name: string;
  homeUrl: string | null;
  scopes: string[];
  firstUsedAt: Date;
  lastUsedAt: Date;
};

/** A service of the person's organisation that has a front page to go to: "Siirry palveluun". */
export type OrganisationService = { clientRowId: string; name: string; homeUrl: string };

/**
 * A home URL a page may link to: http or https only. The administrators' form checks it too; this
 * keeps a `javascript:` or `data:` address written by other means out of an `href`.
 */
function linkableUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The services the person has used, most recently used first. Only their own organisation's: a
 * connection to another organisation's service (which the provider refuses to make) is never shown.
 */
export async function connectedServicesOf(db: Db, userId: string): Promise<ConnectedService[]> {
  const rows = await db
    .select({
      clientRowId: oidcClients.id,
      name: oidcClients.name,
      homeUrl: oidcClients.homeUrl,
      scopes: oidcConnections.scopes,
      firstUsedAt: oidcConnections.firstUsedAt,
      lastUsedAt: oidcConnections.lastUsedAt,
    })
    .from(oidcConnections)
    .innerJoin(users, eq(users.id, oidcConnections.userId))
    .innerJoin(
      oidcClients,
      and(eq(oidcClients.id, oidcConnections.clientId), eq(oidcClients.organizationId, users.organizationId)),
    )
    .where(eq(oidcConnections.userId, userId))
    .orderBy(desc(oidcConnections.lastUsedAt), asc(oidcClients.name));
  return rows.map((r) => ({ ...r, homeUrl: linkableUrl(r.homeUrl) }));
}

/** The organisation's services with a front page, by name: shown whether or not the person has used them. */
export async function organisationServicesOf(db: Db, organizationId: string): Promise<OrganisationService[]> {
  const rows = await db
    .select({ clientRowId: oidcClients.id, name: oidcClients.name, homeUrl: oidcClients.homeUrl })
    .from(oidcClients)
    .where(and(eq(oidcClients.organizationId, organizationId), isNotNull(oidcClients.homeUrl)))
    .orderBy(asc(oidcClients.name), asc(oidcClients.id));
  return rows.flatMap((r) => {
    const homeUrl = linkableUrl(r.homeUrl);
    return homeUrl ? [{ clientRowId: r.clientRowId, name: r.name, homeUrl }] : [];
  });
}

export type WithdrawResult = FlowResult<{ name: string; grantsRevoked: number }, "notFound" | "notConnected">;

/**
 * "Peru pääsy": the service loses what the person gave it. In one transaction its grants and every
 * token issued under them go (a refresh token stops working at once), the connection row goes, and
 * `oidc.withdrawn` is written with the service's name and public client_id (never a token). The
 * next sign-in to the service starts afresh (with the consent page again, for a third-party one).
 *
 * Refused: an id that is not a uuid or not a service of the person's own organisation
 * (`notFound`: another organisation's service is not told apart from none), and a service of theirs
 * the person is not connected to (`notConnected`, e.g. withdrawn a moment ago in another tab).
 */
export async function withdrawService(
  db: Db,
  input: { user: User; clientRowId: string },
  ctx: FlowContext,
): Promise<WithdrawResult> {
  const { user } = input;
  if (!isUuid(input.clientRowId)) return { ok: false, reason: "notFound" };
  return db.transaction(async (tx) => {
    const [client] = await tx
      .select({ id: oidcClients.id, clientId: oidcClients.clientId, name: oidcClients.name })
      .from(oidcClients)
      .where(and(eq(oidcClients.id, input.clientRowId), eq(oidcClients.organizationId, user.organizationId)));
    if (!client) return { ok: false, reason: "notFound" } as const;
    // Deleting the row first is the lock: of two withdrawals at once, one finds it gone.
    const connection = await tx
      .delete(oidcConnections)
      .where(and(eq(oidcConnections.userId, user.id), eq(oidcConnections.clientId, client.id)))
      .returning({ clientId: oidcConnections.clientId });
    if (connection.length === 0) return { ok: false, reason: "notConnected" } as const;
    const grantsRevoked = await revokeGrantsOf(tx, { subject: user.oidcSubject, clientId: client.clientId });
    await recordAudit(tx, {
      event: "oidc.withdrawn",
      organizationId: user.organizationId,
      actorUserId: user.id,
      subjectUserId: user.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { clientId: client.clientId, clientName: client.name, grantsRevoked },
    });
    return { ok: true, name: client.name, grantsRevoked } as const;
  });
}
