import { createHash } from "node:crypto";
import type { Account } from "@/lib/db/accounts";
import { formatIdentifier } from "@/lib/identity/identifiers";

/**
 * The claims a service may get about a person, by scope. Only verified contacts are released as
 * verified: an unverified e-mail or phone is left out altogether, so no service can take an
 * address the person never proved for one they did.
 */
export function claimsFor(account: Account, sub: string, scopes: ReadonlySet<string>): Record<string, unknown> {
  const { user, organization } = account;
  const claims: Record<string, unknown> = { sub };
  if (scopes.has("profile")) {
    if (user.displayName) claims.name = user.displayName;
    claims.preferred_username = formatIdentifier(user, organization);
    claims.locale = user.language;
  }
  if (scopes.has("email") && user.email && user.emailVerifiedAt) {
    claims.email = user.email;
    claims.email_verified = true;
  }
  if (scopes.has("phone") && user.phone && user.phoneVerifiedAt) {
    claims.phone_number = user.phone;
    claims.phone_number_verified = true;
  }
  if (scopes.has("membership")) {
    claims.organization_licence = organization.licence;
    claims.organization_name = organization.name;
    if (user.membershipNumber) claims.membership_number = user.membershipNumber;
    claims.role = user.role;
  }
  return claims;
}

/**
 * A pairwise `sub`: the same person gets a different one at each service of an organisation that
 * chose so, and no service can compute another's (the organisation's salt is never shown).
 */
export function pairwiseSubject(subject: string, clientId: string, salt: string): string {
  return createHash("sha256").update(`${salt}|${clientId}|${subject}`).digest("base64url");
}
