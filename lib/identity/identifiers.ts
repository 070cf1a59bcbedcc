import { isLicence } from "@/lib/validation/licence";
import { IDENTIFIER_MAX } from "@/lib/validation/limits";
import { hasControlOrInvisibleCharacters } from "@/lib/validation/text";
import { hasUsernameForm, identifierKey, normalizeIdentifier } from "./rules";

/**
 * The sign-in identifier: `username@licence`, or without `@` a username or membership number of
 * the default organisation. Only the syntax is checked here; whether an account exists is the
 * login flow's business.
 */
export type Identifier = {
  /** NFKC, lower-cased (`identifierKey`); matched against usernames and membership numbers case-insensitively. */
  name: string;
  /** The licence number after `@`, or null for the default organisation. */
  licence: string | null;
};

export type IdentifierProblem = "empty" | "tooLong" | "malformed";

export function parseIdentifier(
  input: string,
): { ok: true; value: Identifier } | { ok: false; problem: IdentifierProblem } {
  const trimmed = normalizeIdentifier(input);
  if (trimmed.length === 0) return { ok: false, problem: "empty" };
  if (trimmed.length > IDENTIFIER_MAX) return { ok: false, problem: "tooLong" };
  if (hasControlOrInvisibleCharacters(trimmed)) return { ok: false, problem: "malformed" };

  const parts = trimmed.split("@");
  if (parts.length > 2) return { ok: false, problem: "malformed" };
  const [name = "", licence] = parts;
  // The form of rules.ts (a membership number's form is within it). Not the one-script
  // rule: it decides what may be created; a name typed here matches only itself, and refusing it
  // would shut out an account made before the rule.
  if (!hasUsernameForm(name)) return { ok: false, problem: "malformed" };
  if (licence !== undefined && !isLicence(licence)) return { ok: false, problem: "malformed" };
  return { ok: true, value: { name: identifierKey(name), licence: licence ?? null } };
}

/** How a person types their identifier: `maija@123`, or the bare number in the default organisation. */
export function formatIdentifier(
  user: { username: string | null; membershipNumber: string | null },
  org: { licence: string; isDefault: boolean },
): string {
  if (user.username) return `${user.username}@${org.licence}`;
  return org.isDefault ? (user.membershipNumber ?? "") : `${user.membershipNumber}@${org.licence}`;
}
