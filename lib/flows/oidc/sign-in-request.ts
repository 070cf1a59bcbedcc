import { and, eq, gt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { oidcClients, oidcModels } from "@/lib/db/schema";

/**
 * What Tunnus's own pages show about a service's pending sign-in request (oidc-provider's
 * Interaction, stored in `oidc_models`): which service asks, and on the consent page what for.
 */

type InteractionPayload = {
  params?: Record<string, unknown>;
  prompt?: { name?: string; details?: { missingOIDCScope?: string[] } };
  session?: { accountId?: string };
};

/** The uid in `/oidc/interaction/<uid>`, the return path of `/login` during a service's sign-in. */
export function signInRequestUid(returnPath: string): string | null {
  return /^\/oidc\/interaction\/([A-Za-z0-9_-]{1,64})$/.exec(returnPath)?.[1] ?? null;
}

async function pendingRequest(db: Db, uid: string, now: Date) {
  const [row] = await db
    .select({ payload: oidcModels.payload, name: oidcClients.name, clientId: oidcClients.clientId })
    .from(oidcModels)
    .innerJoin(oidcClients, eq(oidcClients.clientId, oidcModels.clientId))
    .where(and(eq(oidcModels.kind, "Interaction"), eq(oidcModels.id, uid), gt(oidcModels.expiresAt, now)))
    .limit(1);
  return row ? { ...row, payload: row.payload as InteractionPayload } : null;
}

/** The service a sign-in request comes from, for "Kirjaudu palveluun …" on /login. */
export async function serviceOfSignInRequest(db: Db, uid: string, now = new Date()): Promise<{ name: string } | null> {
  const row = await pendingRequest(db, uid, now);
  return row ? { name: row.name } : null;
}

export type ConsentView = { service: string; scopes: string[]; offline: boolean };

/**
 * The consent page's content: the service and the scopes it asks for that the person has not
 * granted yet. Only for the person the request is signing in, and only while it waits for consent.
 */
export async function loadConsent(db: Db, uid: string, subject: string, now = new Date()): Promise<ConsentView | null> {
  const row = await pendingRequest(db, uid, now);
  if (!row || row.payload.prompt?.name !== "consent" || row.payload.session?.accountId !== subject) return null;
  const requested = String(row.payload.params?.scope ?? "").split(" ");
  const missing = row.payload.prompt.details?.missingOIDCScope ?? requested;
  const scopes = ["openid", ...missing.filter((s) => s !== "openid" && s !== "offline_access")];
  return { service: row.name, scopes: [...new Set(scopes)], offline: requested.includes("offline_access") };
}
