import { eq } from "drizzle-orm";
import type { KoaContextWithOIDC } from "oidc-provider";
import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { recordServiceUse } from "./grants";

/**
 * What a provider request did, written before its answer leaves (a serverless function may stop
 * right after): every token issued, every refusal, in the audit log; the service's last use for
 * the person's list of connected services. Never a token, code or secret: ids and reasons only.
 */

type State = { refusal?: { route: string; error: string } };
const stateOf = (ctx: KoaContextWithOIDC) => ctx.state as State;

/** oidc-provider reports errors as events; they are noted on the request and written below. */
export function noteRefusal(ctx: KoaContextWithOIDC, error: { error?: string }) {
  stateOf(ctx).refusal = { route: ctx.oidc?.route ?? "unknown", error: error.error ?? "server_error" };
}

const ROUTES_AUDITED = new Set(["token", "authorization", "resume", "revocation", "introspection"]);

async function personOf(db: Db, subject: string | undefined) {
  if (!subject) return undefined;
  const [row] = await db
    .select({ id: users.id, organizationId: users.organizationId })
    .from(users)
    .where(eq(users.oidcSubject, subject))
    .limit(1);
  return row;
}

export async function recordProviderOutcome(db: Db, ctx: KoaContextWithOIDC): Promise<void> {
  const route = ctx.oidc?.route;
  if (!route || !ROUTES_AUDITED.has(route)) return;
  const client = ctx.oidc.client;
  const clientRow = (client as unknown as Record<string, unknown> | undefined)?.tunnus_client_row as string | undefined;
  const where = { ip: ctx.ip ?? null, userAgent: ctx.get("user-agent") || null };
  const refusal = stateOf(ctx).refusal;

  if (refusal) {
    const entities = ctx.oidc.entities as Record<string, { accountId?: string } | undefined>;
    const subject = entities.Account?.accountId ?? entities.Session?.accountId;
    const person = await personOf(db, subject);
    await recordAudit(db, {
      event: "oidc.refused",
      organizationId: person?.organizationId ?? null,
      subjectUserId: person?.id ?? null,
      ...where,
      details: { route: refusal.route, error: refusal.error, clientId: client?.clientId ?? null },
    });
    return;
  }

  if (route === "token" && ctx.status === 200) {
    const entities = ctx.oidc.entities as Record<string, { accountId?: string; scope?: string } | undefined>;
    const source = entities.AuthorizationCode ?? entities.RefreshToken ?? entities.RotatedRefreshToken;
    const person = await personOf(db, entities.Account?.accountId ?? source?.accountId);
    if (!person) return;
    const grantType = String((ctx.oidc.params as Record<string, unknown> | undefined)?.grant_type ?? "");
    await recordAudit(db, {
      event: "oidc.token_issued",
      organizationId: person.organizationId,
      subjectUserId: person.id,
      ...where,
      details: { clientId: client?.clientId ?? null, grantType },
    });
    if (clientRow) {
      const scopes = (source?.scope ?? "").split(" ").filter(Boolean);
      await recordServiceUse(db, { userId: person.id, clientRowId: clientRow, scopes, now: new Date() });
    }
  }
}

/** A first-party service's grant, made without a consent page: audited like a consent. */
export async function recordFirstPartyGrant(db: Db, ctx: KoaContextWithOIDC, scope: string | undefined) {
  const person = await personOf(db, ctx.oidc.session?.accountId);
  await recordAudit(db, {
    event: "oidc.grant",
    organizationId: person?.organizationId ?? null,
    subjectUserId: person?.id ?? null,
    ip: ctx.ip ?? null,
    userAgent: ctx.get("user-agent") || null,
    details: { clientId: ctx.oidc.client?.clientId ?? null, scope: scope ?? "", firstParty: true },
  });
}
