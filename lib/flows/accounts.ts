import { and, eq, or, sql } from "drizzle-orm";
import type { Identifier } from "@/lib/auth/identifiers";
import type { Db } from "@/lib/db/client";
import { organizations, users } from "@/lib/db/schema";

/**
 * The account a parsed identifier names: `name@licence`, or a bare name in the default
 * organisation; the name matches a username case-insensitively or a membership number exactly.
 * One query, used by sign-in and by the reset code.
 */
export async function accountByIdentifier(db: Db, { name, licence }: Identifier) {
  const [row] = await db
    .select({ user: users, organization: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(
      and(
        licence === null ? eq(organizations.isDefault, true) : eq(organizations.licence, licence),
        or(sql`lower(${users.username}) = ${name}`, eq(users.membershipNumber, name)),
      ),
    )
    .limit(1);
  return row ?? null;
}
