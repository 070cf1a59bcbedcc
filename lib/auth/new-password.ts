import type { Db } from "@/lib/db/client";
import { checkPasswordPolicy, checkPasswordShape, type PasswordContext, type PasswordProblem } from "./password-policy";

/** Empty, control characters, the length range: for anyone, before a code or link is proven. */
export { checkPasswordShape };

/** Who is setting the password, for the audit trail of a check that could not run (the breach list). */
export type PasswordAuditContext = { organizationId?: string | null; subjectUserId?: string | null; ip?: string | null; userAgent?: string | null };

export type NewPasswordContext = {
  /** The organisation's minimum. */
  minLength?: number;
  /** Username, membership number, e-mail, organisation, name: what the password may not contain or be built from. */
  personal?: PasswordContext["personal"];
  audit?: PasswordAuditContext;
};

/**
 * Every rule for a password being set (reset, activation, the account page): the shape, the
 * person's own words and the strength estimate. Run it only once whatever proves the person (the
 * code, the link, the current password) has passed.
 */
export async function checkNewPassword(_db: Db, password: string, ctx: NewPasswordContext): Promise<PasswordProblem | null> {
  return checkPasswordPolicy(password, { minLength: ctx.minLength, personal: ctx.personal });
}
