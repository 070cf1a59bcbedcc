import { and, eq, ne, sql } from "drizzle-orm";
import { type Account, selectAccounts } from "@/lib/db/accounts";
import type { Db } from "@/lib/db/client";
import { organizations, users } from "@/lib/db/schema";
import { isUuid } from "@/lib/validation/uuid";

/**
 * Who acts in /admin: an administrator, always inside their own organisation. Every query of the
 * administration flows takes the organisation from here, never from the URL or the form.
 */
export type AdminScope = {
  organizationId: string;
  actorUserId: string | null;
  ip?: string | null;
  userAgent?: string | null;
};

export const auditActor = (scope: AdminScope) => ({
  organizationId: scope.organizationId,
  actorUserId: scope.actorUserId,
  ip: scope.ip ?? null,
  userAgent: scope.userAgent ?? null,
});

/**
 * A user of the scope's organisation, or null for anything else (another organisation's id, a
 * malformed id): the two are indistinguishable to the caller. `lock` takes a row lock for an
 * action that reads and then writes.
 */
export async function userInScope(
  db: Db,
  scope: AdminScope,
  userId: string,
  opts: { lock?: boolean } = {},
): Promise<Account | null> {
  if (!isUuid(userId)) return null;
  const query = selectAccounts(db)
    .where(and(eq(users.id, userId), eq(users.organizationId, scope.organizationId)))
    .limit(1);
  // NO KEY UPDATE, not UPDATE: audit rows naming this user as actor take KEY SHARE on it (the
  // foreign key), and two administrators acting on each other must not deadlock over that.
  const [row] = opts.lock ? await query.for("no key update", { of: users }) : await query;
  return row ?? null;
}

/**
 * Would the organisation still have an active administrator without `userId`? Locks the
 * organisation's row first so that two administrators demoting each other at once cannot both pass.
 */
export async function anotherActiveAdminExists(tx: Db, organizationId: string, userId: string): Promise<boolean> {
  await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .for("update");
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(
      and(
        eq(users.organizationId, organizationId),
        eq(users.role, "admin"),
        eq(users.status, "active"),
        ne(users.id, userId),
      ),
    );
  return (row?.n ?? 0) > 0;
}
