import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "./client";
import { type Organization, organizations, type User, users } from "./schema";

/** A person's account: their user row and their organisation's. */
export type Account = { user: User; organization: Organization };

/**
 * The user-plus-organisation join every account lookup starts from: `{ user, organization }` rows.
 * The caller adds its own `where`, `orderBy`, `limit` and row lock; the statement is theirs alone.
 */
export function selectAccounts(db: Db) {
  return db
    .select({ user: users, organization: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId));
}

/**
 * Whether a user is the one this name (an `identifierKey`: NFKC, lower-cased) names: by username
 * or membership number, both case-insensitively. The unique indexes compare `lower()` the same way.
 */
export function namedBy(key: string): SQL {
  return sql`(lower(${users.username}) = ${key} or lower(${users.membershipNumber}) = ${key})`;
}

/** The organisation a licence number names; null (a bare name) names the default organisation. */
export function organizationByLicence(licence: string | null): SQL {
  return licence === null ? eq(organizations.isDefault, true) : eq(organizations.licence, licence);
}

/** Accounts a password may still be set for by a link or a code: active, or invited (the first password). */
export function activeOrInvited(): SQL {
  return inArray(users.status, ["active", "invited"]);
}

/** A user's organisation. Every user has one (a foreign key): none is an error, not an answer. */
export async function organizationOf(db: Db, user: Pick<User, "organizationId">): Promise<Organization> {
  const [organization] = await db.select().from(organizations).where(eq(organizations.id, user.organizationId));
  if (!organization) throw new Error("accounts: a user row without its organisation");
  return organization;
}

/** The account with this user id (and `where`, if given), or null. */
export async function accountById(db: Db, userId: string, where?: SQL): Promise<Account | null> {
  const [row] = await selectAccounts(db)
    .where(and(eq(users.id, userId), where))
    .limit(1);
  return row ?? null;
}

/**
 * The account a parsed identifier names: `name@licence`, or a bare name in the default
 * organisation; the name matches a username or a membership number case-insensitively.
 * One query, used by sign-in and by the reset code request.
 */
export async function accountByIdentifier(
  db: Db,
  { name, licence }: { name: string; licence: string | null },
): Promise<Account | null> {
  const [row] = await selectAccounts(db)
    .where(and(organizationByLicence(licence), namedBy(name)))
    .limit(1);
  return row ?? null;
}

/**
 * The organisation an identifier names, and its account by that name if there is one, in one
 * query that runs the same whether or not the account exists. For the reset code's second step,
 * which must apply the organisation's password length to known and unknown names alike.
 */
export async function organizationAndAccount(db: Db, { name, licence }: { name: string; licence: string | null }) {
  const [row] = await db
    .select({ organization: organizations, user: users })
    .from(organizations)
    .leftJoin(users, and(eq(users.organizationId, organizations.id), namedBy(name)))
    .where(organizationByLicence(licence))
    .limit(1);
  return { organization: row?.organization ?? null, user: row?.user ?? null };
}
