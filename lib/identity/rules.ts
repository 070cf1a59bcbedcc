/**
 * What a username and a membership number may be, and how each is compared: the one rule that
 * account creation, the register import, the operator CLI and sign-in all apply.
 *
 * Both are NFKC-normalised and trimmed (full-width letters, ligatures and composed accents become
 * one form) and stored as typed after that; they are compared lower-cased, so `Pekka` and `pekka`,
 * `AB123` and `ab123` name the same account.
 */

import { MEMBERSHIP_NUMBER_MAX, USERNAME_MAX } from "@/lib/validation/limits";

export type IdentifierRuleProblem = "empty" | "tooLong" | "invalid" | "mixedScripts";
export type IdentifierCheck = { ok: true; value: string; key: string } | { ok: false; problem: IdentifierRuleProblem };

/** Letters and digits of any script, then also `.`, `_`, `'` and `-`. */
const USERNAME_FORM = /^[\p{L}\p{N}][\p{L}\p{N}._'-]*$/u;
/** ASCII only: registers print them, people read them out on the phone, and every keyboard has them. */
const MEMBERSHIP_NUMBER_FORM = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/** The one normal form of typed text: NFKC, without surrounding white space. */
export const normalizeIdentifier = (raw: string): string => raw.normalize("NFKC").trim();

/** What two identifiers are compared by (and what the unique indexes compare: `lower(...)`). */
export const identifierKey = (value: string): string => value.normalize("NFKC").toLowerCase();

/**
 * Writing systems a username's letters may come from, one at a time. A set of several scripts is
 * one writing system as people use it (UTS #39's "highly restrictive" level allows exactly these
 * mixes: Japanese and Korean use Han beside their own scripts).
 */
const WRITING_SYSTEMS: readonly (readonly string[])[] = [
  ["Latin"],
  ["Cyrillic"],
  ["Greek"],
  ["Armenian"],
  ["Georgian"],
  ["Hebrew"],
  ["Arabic"],
  ["Thai"],
  ["Devanagari"],
  ["Bengali"],
  ["Tamil"],
  ["Ethiopic"],
  ["Han", "Bopomofo"],
  ["Han", "Hiragana", "Katakana"],
  ["Han", "Hangul"],
];
const SYSTEM_PATTERNS = WRITING_SYSTEMS.map(
  (scripts) => new RegExp(`^[${scripts.map((s) => `\\p{Script_Extensions=${s}}`).join("")}]$`, "u"),
);
/** Shared by every script: ASCII digits and the punctuation the form allows. */
const COMMON = /^[0-9._'-]$/;

/** Every letter (and any digit other than 0–9) of one writing system from the list above. */
function isSingleScript(value: string): boolean {
  let candidates = SYSTEM_PATTERNS;
  for (const char of value) {
    if (COMMON.test(char)) continue;
    candidates = candidates.filter((pattern) => pattern.test(char));
    if (candidates.length === 0) return false;
  }
  return true;
}

/** The form alone: characters and length, whatever the scripts. What sign-in accepts as a name. */
export function hasUsernameForm(value: string): boolean {
  return value.length <= USERNAME_MAX && USERNAME_FORM.test(value);
}

/** A new username: normalised, within the form, its letters from one writing system. */
export function checkUsername(raw: string): IdentifierCheck {
  const value = normalizeIdentifier(raw);
  if (!value) return { ok: false, problem: "empty" };
  if (value.length > USERNAME_MAX) return { ok: false, problem: "tooLong" };
  if (!USERNAME_FORM.test(value)) return { ok: false, problem: "invalid" };
  if (!isSingleScript(value)) return { ok: false, problem: "mixedScripts" };
  return { ok: true, value, key: identifierKey(value) };
}

/** A membership number: ASCII letters, digits and hyphens, starting with a letter or digit. */
export function checkMembershipNumber(raw: string): IdentifierCheck {
  const value = normalizeIdentifier(raw);
  if (!value) return { ok: false, problem: "empty" };
  if (value.length > MEMBERSHIP_NUMBER_MAX) return { ok: false, problem: "tooLong" };
  if (!MEMBERSHIP_NUMBER_FORM.test(value)) return { ok: false, problem: "invalid" };
  return { ok: true, value, key: identifierKey(value) };
}
