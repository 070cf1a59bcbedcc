import { and, eq, inArray } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { type Db, getDb } from "@/lib/db/client";
import { oidcModels, users } from "@/lib/db/schema";
import { appOrigin, isProduction } from "@/lib/env";
import { getProvider } from "./provider";

type SessionPayload = { authorizations?: Record<string, { sid?: string }> };

/**
 * Ends the services' sessions of a person's Tunnus sessions (all of them, or those named): each
 * service that registered a back-channel logout address gets a signed logout token for its `sid`,
 * then the OpenID sessions are deleted. A service that does not answer is noted in the audit log;
 * its session still ends here, and it can no longer refresh.
 */
export async function endServiceSessions(
  input: { subject: string; tunnusSessionIds?: string[] },
  options: { db?: Db; issuer?: string } = {},
): Promise<{ notified: number; failed: number }> {
  const db = options.db ?? (await getDb());
  const where = and(
    eq(oidcModels.kind, "Session"),
    eq(oidcModels.accountId, input.subject),
    input.tunnusSessionIds ? inArray(oidcModels.tunnusSessionId, input.tunnusSessionIds) : undefined,
  );
  const rows = await db.select({ id: oidcModels.id, payload: oidcModels.payload }).from(oidcModels).where(where);
  if (rows.length === 0) return { notified: 0, failed: 0 };
  const provider = await getProvider({
    issuer: options.issuer ?? appOrigin(),
    getDb: async () => db,
    production: isProduction(),
  });
  const [person] = await db
    .select({ id: users.id, organizationId: users.organizationId })
    .from(users)
    .where(eq(users.oidcSubject, input.subject));
  let notified = 0;
  let failed = 0;
  for (const row of rows) {
    const authorizations = (row.payload as SessionPayload).authorizations ?? {};
    for (const [clientId, { sid }] of Object.entries(authorizations)) {
      const client = (await provider.Client.find(clientId)) as unknown as
        { backchannelLogoutUri?: string; backchannelLogout: (sub: string, sid: string) => Promise<void> } | undefined;
      if (!client?.backchannelLogoutUri || !sid) continue;
      try {
        await client.backchannelLogout(input.subject, sid);
        notified++;
      } catch (error) {
        failed++;
        await recordAudit(db, {
          event: "oidc.backchannel_failed",
          organizationId: person?.organizationId ?? null,
          subjectUserId: person?.id ?? null,
          details: { clientId, reason: error instanceof Error ? error.message.slice(0, 200) : "unknown" },
        });
      }
    }
  }
  await db.delete(oidcModels).where(where);
  return { notified, failed };
}
