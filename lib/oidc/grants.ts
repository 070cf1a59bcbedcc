import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { oidcConnections, oidcModels } from "@/lib/db/schema";

/**
 * Ends what a person has given services: their Grant rows in the provider's state (`kind` =
 * 'Grant', `account_id` = their `oidc_subject`), for one service (`clientId`, the public
 * `client_id`) or all, and every row issued under those grants (access and refresh tokens,
 * authorization codes…: `grant_id`), so a refresh token stops working at once. Answers how many
 * grants went.
 *
 * Both deletes run in one transaction: a savepoint inside the caller's when `db` is one, so a flow
 * can revoke, delete the connection and write its audit row together. Plain SQL, no provider: the
 * account page, the admin actions and a password reset call it without loading oidc-provider.
 */
export async function revokeGrantsOf(db: Db, input: { subject: string; clientId?: string }): Promise<number> {
  return db.transaction(async (tx) => {
    const grants = await tx
      .delete(oidcModels)
      .where(
        and(
          eq(oidcModels.kind, "Grant"),
          eq(oidcModels.accountId, input.subject),
          input.clientId === undefined ? undefined : eq(oidcModels.clientId, input.clientId),
        ),
      )
      .returning({ id: oidcModels.id });
    if (grants.length > 0)
      await tx.delete(oidcModels).where(
        inArray(
          oidcModels.grantId,
          grants.map((g) => g.id),
        ),
      );
    return grants.length;
  });
}

/**
 * "Palvelut, joihin olet kirjautunut": the person used a service at `now` (a sign-in or a token
 * issued to it). The first use adds the row; a later one moves the last use forward and adds the
 * scopes it was given to those already listed. The scopes are a union because the provider's grant
 * keeps what it was given before: a later, narrower request does not take any of it back.
 * `clientRowId` is `oidc_clients.id`, not the public `client_id`.
 */
export async function recordServiceUse(
  db: Db,
  input: { userId: string; clientRowId: string; scopes: readonly string[]; now: Date },
): Promise<void> {
  const scopes = [...new Set(input.scopes)].sort();
  await db
    .insert(oidcConnections)
    .values({
      userId: input.userId,
      clientId: input.clientRowId,
      scopes,
      firstUsedAt: input.now,
      lastUsedAt: input.now,
    })
    .onConflictDoUpdate({
      target: [oidcConnections.userId, oidcConnections.clientId],
      set: {
        lastUsedAt: sql`greatest(${oidcConnections.lastUsedAt}, excluded.last_used_at)`,
        scopes: sql`array(select distinct s from unnest(${oidcConnections.scopes} || excluded.scopes) as s order by s)`,
      },
    });
}
