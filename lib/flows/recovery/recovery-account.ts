import { type Identifier, parseIdentifier } from "@/lib/identity/identifiers";
import type { Db } from "@/lib/db/client";
import type { Organization, User } from "@/lib/db/schema";
import { organizationAndAccount } from "@/lib/db/accounts";

export type RecoveryAccount = {
  identifier: Identifier;
  /** The organisation the identifier names (its licence, or the default one for a bare name). */
  organization: Organization | null;
  user: User | null;
  /**
   * What every limit of the code recovery counts under: the account when there is one, else the
   * canonical form of what was typed (lower-cased name @ the organisation's licence). So `10001`
   * and `10001@200` share their limits, and so do `haamu` and `HAAMU@200` when nobody has the name.
   */
  key: string;
};

/**
 * Looks up a typed identifier once, with one query that runs the same whether or not the
 * account exists. Null for what is not an identifier at all.
 */
export async function lookUpRecoveryAccount(db: Db, typed: string): Promise<RecoveryAccount | null> {
  const parsed = parseIdentifier(typed);
  return parsed.ok ? recoveryAccountOf(db, parsed.value) : null;
}

/** The same, for an identifier already parsed. */
export async function recoveryAccountOf(db: Db, identifier: Identifier): Promise<RecoveryAccount> {
  const { organization, user } = await organizationAndAccount(db, identifier);
  const key = user
    ? `account:${user.id}`
    : `name:${identifier.name}@${organization?.licence ?? identifier.licence ?? ""}`;
  return { identifier, organization, user, key };
}

/**
 * The channels an organisation lets its members recover by (`organizations.recovery_methods`).
 * A licence nobody has offers both: nothing goes out for it anyway, and its answer stays the same
 * as for any name.
 */
export function recoveryChannelsOf(organization: Pick<Organization, "recoveryMethods"> | null): ("email" | "sms")[] {
  if (!organization) return ["email", "sms"];
  return (["email", "sms"] as const).filter((channel) => organization.recoveryMethods.includes(channel));
}
