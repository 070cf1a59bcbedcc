import type { IncomingMessage } from "node:http";
import { and, desc, eq, gt } from "drizzle-orm";
import { decode } from "next-auth/jwt";
import type Provider from "oidc-provider";
import type { Db } from "@/lib/db/client";
import { oidcModels, sessions, users } from "@/lib/db/schema";
import { tunnusCookieName } from "@/lib/session/cookie-names";
import { authSecret } from "@/lib/session/dev-secret";
import { sessionTimes, validateSession } from "@/lib/session/sessions";
import { boundTunnusSession } from "./adapter";
import { OIDC_COOKIES } from "./provider";

/**
 * Tunnus's own session is the only sign-in there is: the provider's OpenID session mirrors it.
 * Every request to the provider runs with the OpenID session bound to the browser's Tunnus
 * session (made on first use), and with none when there is no Tunnus session: signing out of
 * Tunnus, a revoked session or a disabled account ends the services' sign-in at once, and a
 * person already signed in to Tunnus goes straight back to a service (also with `prompt=none`).
 */

export type TunnusSession = {
  sessionId: string;
  userId: string;
  subject: string;
  organizationId: string;
  /** When the person signed in: the OpenID `auth_time`. */
  signedInAt: Date;
  method: string;
  expiresAt: Date;
};

export function parseCookies(header: string | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at < 1) continue;
    const name = part.slice(0, at).trim();
    if (!jar.has(name)) jar.set(name, part.slice(at + 1).trim());
  }
  return jar;
}

/** The browser's Tunnus session, checked like every page checks it, or null. */
export async function tunnusSessionOf(
  db: Db,
  cookieHeader: string | undefined,
  { now, production }: { now: Date; production: boolean },
): Promise<TunnusSession | null> {
  const name = tunnusCookieName("session", production);
  const value = parseCookies(cookieHeader).get(name);
  if (!value) return null;
  let token: Awaited<ReturnType<typeof decode>>;
  try {
    token = await decode({ token: decodeURIComponent(value), secret: authSecret(), salt: name });
  } catch {
    return null;
  }
  const sid = (token as { sid?: unknown } | null)?.sid;
  const sessionId = typeof sid === "string" ? sid : null;
  if (!sessionId) return null;
  const active = await validateSession(db, sessionId, now, sessionTimes());
  if (!active) return null;
  const [row] = await db
    .select({
      subject: users.oidcSubject,
      organizationId: users.organizationId,
      signedInAt: sessions.createdAt,
      method: sessions.method,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId))
    .limit(1);
  return row ? { sessionId, userId: active.userId, ...row } : null;
}

/**
 * The OpenID session's id for this Tunnus session, made on first use. A browser keeps its
 * session `uid` across Tunnus sessions (as the provider's own sessions do): a sign-in request
 * begun before a fresh sign-in (`prompt=login`) still belongs to the browser after it.
 */
async function oidcSessionFor(
  provider: Provider,
  db: Db,
  tunnus: TunnusSession,
  now: Date,
  previousId: string | undefined,
): Promise<string> {
  const [row] = await db
    .select({ id: oidcModels.id })
    .from(oidcModels)
    .where(
      and(
        eq(oidcModels.kind, "Session"),
        eq(oidcModels.tunnusSessionId, tunnus.sessionId),
        gt(oidcModels.expiresAt, now),
      ),
    )
    .orderBy(desc(oidcModels.expiresAt))
    .limit(1);
  if (row) return row.id;
  const [previous] = previousId
    ? await db
        .select({ payload: oidcModels.payload })
        .from(oidcModels)
        .where(and(eq(oidcModels.kind, "Session"), eq(oidcModels.id, previousId)))
        .limit(1)
    : [];
  const uid = typeof previous?.payload.uid === "string" ? previous.payload.uid : undefined;
  const OidcSession = provider.Session as unknown as new (payload: object) => InstanceType<typeof provider.Session>;
  const session = new OidcSession({
    accountId: tunnus.subject,
    loginTs: Math.floor(tunnus.signedInAt.getTime() / 1000),
    amr: [tunnus.method === "password" ? "pwd" : "fed"],
    ...(uid ? { uid } : {}),
  });
  const ttl = Math.max(60, Math.floor((tunnus.expiresAt.getTime() - now.getTime()) / 1000));
  await boundTunnusSession.run({ tunnusSessionId: tunnus.sessionId }, () => session.save(ttl));
  return session.jti;
}

/**
 * Replaces whatever OpenID session cookie the browser sent with the one bound to its Tunnus
 * session (or none). The provider then reads it as if it had set it itself.
 */
export async function bindOidcSession(
  provider: Provider,
  db: Db,
  req: IncomingMessage,
  tunnus: TunnusSession | null,
  now: Date,
): Promise<void> {
  const previousId = parseCookies(req.headers.cookie).get(OIDC_COOKIES.session);
  const kept = (req.headers.cookie ?? "")
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part && !part.startsWith(`${OIDC_COOKIES.session}=`));
  if (tunnus) kept.push(`${OIDC_COOKIES.session}=${await oidcSessionFor(provider, db, tunnus, now, previousId)}`);
  req.headers.cookie = kept.join("; ");
}
