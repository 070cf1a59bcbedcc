import { parseIdentifier } from "@/lib/identity/identifiers";
import { DEFAULT_MIN_PASSWORD_LENGTH } from "@/lib/password/policy";
import { organizationByLicence } from "@/lib/db/accounts";
import type { Db } from "@/lib/db/client";
import { organizations } from "@/lib/db/schema";

/**
 * The shortest password the organisation an identifier names accepts (its licence, or the default
 * organisation for a bare name), for the hint of /forgot-password's second step. Reads only the
 * organisation, never the account: the answer is the same for every name in it, known or not.
 */
export async function passwordMinimumFor(db: Db, identifier: string): Promise<number> {
  const parsed = parseIdentifier(identifier);
  if (!parsed.ok) return DEFAULT_MIN_PASSWORD_LENGTH;
  const { licence } = parsed.value;
  const [org] = await db
    .select({ minPasswordLength: organizations.minPasswordLength })
    .from(organizations)
    .where(organizationByLicence(licence))
    .limit(1);
  return org?.minPasswordLength ?? DEFAULT_MIN_PASSWORD_LENGTH;
}
