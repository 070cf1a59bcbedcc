import { and, eq, or, type SQL, sql } from "drizzle-orm";
import type { Identifier } from "@/lib/identity/identifiers";
import type { Db } from "@/lib/db/client";
import { organizations, users } from "@/lib/db/schema";

/**
 * Whether a user is the one this name (an `identifierKey`: NFKC, lower-cased) names: by username
 * or membership number, both case-insensitively. The unique indexes compare `lower()` the same way.
 */
export function namedBy(key: string): SQL {
  return or(sql`lower(${users.username}) = ${key}`, sql`lower(${users.membershipNumber}) = ${key}`)!;
}

/**
 * The account a parsed identifier names: `name@licence`, or a bare name in the default
 * organisation; the name matches a username or a membership number case-insensitively.
 * One query, used by sign-in and by the reset code request.
 */
export async function accountByIdentifier(db: Db, { name, licence }: Identifier) {
  const [row] = await db
    .select({ user: users, organization: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(
      and(licence === null ? eq(organizations.isDefault, true) : eq(organizations.licence, licence), namedBy(name)),
    )
    .limit(1);
  return row ?? null;
}

/**
 * The organisation an identifier names, and its account by that name if there is one, in one
 * query that runs the same whether or not the account exists. For the reset code's second step,
 * which must apply the organisation's password length to known and unknown names alike.
 */
export async function organizationAndAccount(db: Db, { name, licence }: Identifier) {
  const [row] = await db
    .select({ organization: organizations, user: users })
    .from(organizations)
    .leftJoin(users, and(eq(users.organizationId, organizations.id), namedBy(name)))
    .where(licence === null ? eq(organizations.isDefault, true) : eq(organizations.licence, licence))
    .limit(1);
  return { organization: row?.organization ?? null, user: row?.user ?? null };
}
