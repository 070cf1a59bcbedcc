import { hasControlCharacters } from "@/lib/validation/text";
import { PASSWORD_MAX } from "@/lib/validation/limits";
import { estimatePassword } from "./estimator";

/** Every reason a new password can be refused; each has its text `passwordPolicy.<code>` in fi, sv and en. */
export const PASSWORD_PROBLEM_CODES = [
  "empty",
  "tooShort",
  "tooLong",
  "controlCharacters",
  "containsUsername",
  "containsMembershipNumber",
  "containsEmail",
  "containsOrganization",
  "containsServiceName",
  "personal",
  "common",
  "breached",
] as const;

export type PasswordProblem =
  | { code: "empty" }
  | { code: "tooShort"; min: number }
  | { code: "tooLong"; max: number }
  | { code: "controlCharacters" }
  /** Contains the person's username, membership number, e-mail local part, organisation, or "tunnus". */
  | {
      code:
        | "containsUsername"
        | "containsMembershipNumber"
        | "containsEmail"
        | "containsOrganization"
        | "containsServiceName";
    }
  /** Built from the person's details (the name, say) in a way the estimator sees through. */
  | { code: "personal" }
  | { code: "common" }
  /** Found in Have I Been Pwned's list of breached passwords. */
  | { code: "breached" };

/** What a person's password may not be made of. */
export type PersonalDetails = {
  username?: string | null;
  membershipNumber?: string | null;
  email?: string | null;
  organizationName?: string | null;
  displayName?: string | null;
  /** As typed at sign-in, `maija@123`. */
  identifier?: string | null;
};

export type PasswordContext = {
  /** Per organisation; NIST's rev. 4 asks 15 where the password is the only factor. */
  minLength?: number;
  /** The person's details; a bare list of words is only given to the estimator. */
  personal?: PersonalDetails | (string | null | undefined)[];
};

export const DEFAULT_MIN_PASSWORD_LENGTH = 15;

/** The service's own name: the first word anyone would put in a password for it. */
const SERVICE_NAME = "tunnus";
const MIN_OWN_WORD = 3;

const fold = (s: string) => s.normalize("NFKC").toLowerCase();
/** Only letters and digits: "Demo-liitto ry" and "DEMOLIITTO RY" are one name. */
const compact = (s: string) => fold(s).replace(/[^\p{L}\p{N}]/gu, "");

/**
 * The checks that cost next to nothing and depend on no account: empty, control characters and
 * the length range (the length of the whole password, however long). Safe to run first, for
 * anyone, before a code or link is proven.
 */
export function checkPasswordShape(password: string, minLength = DEFAULT_MIN_PASSWORD_LENGTH): PasswordProblem | null {
  if (password.length === 0) return { code: "empty" };
  if (hasControlCharacters(password)) return { code: "controlCharacters" };
  if (password.length > PASSWORD_MAX) return { code: "tooLong", max: PASSWORD_MAX };
  if ([...password.normalize("NFKC")].length < minLength) return { code: "tooShort", min: minLength };
  return null;
}

/**
 * The person's own words in the password: each test is one substring search, linear in the
 * password's length whatever the words are.
 */
function ownWordProblem(password: string, personal: PersonalDetails): PasswordProblem | null {
  const folded = fold(password);
  const squeezed = compact(password);
  const contains = (word: string | null | undefined) =>
    !!word && fold(word).length >= MIN_OWN_WORD && folded.includes(fold(word));
  if (contains(personal.username)) return { code: "containsUsername" };
  if (contains(personal.membershipNumber)) return { code: "containsMembershipNumber" };
  const email = personal.email ?? "";
  const at = email.lastIndexOf("@");
  if (at > 0 && contains(email.slice(0, at))) return { code: "containsEmail" };
  const organization = personal.organizationName ? compact(personal.organizationName) : "";
  if (organization.length >= MIN_OWN_WORD && squeezed.includes(organization)) return { code: "containsOrganization" };
  if (squeezed.includes(SERVICE_NAME)) return { code: "containsServiceName" };
  return null;
}

/** Personal words split into the pieces a person would reuse: "Maija Meikäläinen" → "maija", "meikäläinen". */
function estimatorInputs(personal: PasswordContext["personal"]): string[] {
  const values = Array.isArray(personal)
    ? personal
    : [
        personal?.username,
        personal?.membershipNumber,
        personal?.displayName,
        personal?.email,
        personal?.organizationName,
        personal?.identifier,
      ];
  const words = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    const lower = fold(value);
    words.add(lower);
    for (const piece of lower.split(/[\s@._\-+]+/)) if (piece.length >= MIN_OWN_WORD) words.add(piece);
  }
  return [...words];
}

/**
 * The password rules (NIST SP 800-63B) that need no outside service: a length range and no
 * composition rules; refuse the person's own words, and what the estimator calls guessable or
 * built from the person's details. Returns the first rule broken. The breach list is
 * `checkNewPassword`'s (lib/password/new-password.ts).
 */
export function checkPasswordPolicy(password: string, context: PasswordContext = {}): PasswordProblem | null {
  const shape = checkPasswordShape(password, context.minLength);
  if (shape) return shape;

  if (context.personal && !Array.isArray(context.personal)) {
    const own = ownWordProblem(password, context.personal);
    if (own) return own;
  }

  const words = estimatorInputs(context.personal);
  const lower = fold(password);
  // The password with every personal word removed must still be a password on its own.
  let rest = lower;
  for (const w of [...words].sort((a, b) => b.length - a.length))
    if (w.length >= MIN_OWN_WORD) rest = rest.split(w).join("");
  if (rest.length < lower.length && rest.replace(/[^\p{L}\p{N}]/gu, "").length < 6) return { code: "personal" };

  const result = estimatePassword(password, words);
  if (result.score < 3) {
    const personal = result.sequence.some((m) => m.pattern === "dictionary" && m.dictionaryName === "userInputs");
    return personal ? { code: "personal" } : { code: "common" };
  }
  return null;
}
