import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { oidcConnections, oidcModels } from "@/lib/db/schema";

/** TEMPORARY (lead): replaced by helper's version at merge. */
export async function revokeGrantsOf(db: Db, { subject, clientId }: { subject: string; clientId?: string }) {
  const grants = await db
    .delete(oidcModels)
    .where(
      and(
        eq(oidcModels.kind, "Grant"),
        eq(oidcModels.accountId, subject),
        clientId ? eq(oidcModels.clientId, clientId) : sql`true`,
      ),
    )
    .returning({ id: oidcModels.id });
  if (grants.length)
    await db.delete(oidcModels).where(
      inArray(
        oidcModels.grantId,
        grants.map((g) => g.id),
      ),
    );
  return grants.length;
}

export async function recordServiceUse(
  db: Db,
  input: { userId: string; clientRowId: string; scopes: string[]; now: Date },
) {
  await db
    .insert(oidcConnections)
    .values({ userId: input.userId, clientId: input.clientRowId, scopes: input.scopes, lastUsedAt: input.now })
    .onConflictDoUpdate({
      target: [oidcConnections.userId, oidcConnections.clientId],
      set: { lastUsedAt: input.now, scopes: input.scopes },
    });
}
