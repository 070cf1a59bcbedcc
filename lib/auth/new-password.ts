import type { Db } from "@/lib/db/client";
import { PASSWORD_MAX_LENGTH } from "./password";
import { checkPasswordPolicy, DEFAULT_MIN_PASSWORD_LENGTH, type PasswordProblem } from "./password-policy";

/** Who is setting the password, for the audit trail of a check that could not run (the breach list). */
export type PasswordAuditContext = { organizationId?: string | null; subjectUserId?: string | null; ip?: string | null; userAgent?: string | null };

export type NewPasswordContext = {
  /** The organisation's minimum. */
  minLength?: number;
  /** Username, name, organisation, e-mail: what the password may not be built from. */
  personal?: (string | null | undefined)[];
  audit?: PasswordAuditContext;
};

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The checks that cost next to nothing and depend on no account: empty, control characters and
 * the length range. Safe to run first, for anyone, before a code or link is proven.
 */
export function checkPasswordShape(password: string, minLength = DEFAULT_MIN_PASSWORD_LENGTH): PasswordProblem | null {
  if (password.length === 0) return { code: "empty" };
  if (CONTROL.test(password)) return { code: "controlCharacters" };
  if (password.length > PASSWORD_MAX_LENGTH) return { code: "tooLong", max: PASSWORD_MAX_LENGTH };
  if ([...password.normalize("NFKC")].length < minLength) return { code: "tooShort", min: minLength };
  return null;
}

/**
 * Every rule for a password being set (reset, activation, the account page): the shape, the
 * person's own words, the strength estimate and the breach list. Run it only once whatever
 * proves the person (the code, the link, the current password) has passed.
 */
export async function checkNewPassword(_db: Db, password: string, ctx: NewPasswordContext): Promise<PasswordProblem | null> {
  return checkPasswordShape(password, ctx.minLength) ?? checkPasswordPolicy(password, { minLength: ctx.minLength, personal: ctx.personal });
}
