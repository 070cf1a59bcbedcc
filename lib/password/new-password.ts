import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { breachCheckSettings, lookUpBreachedPassword } from "./breached";
import { checkPasswordPolicy, checkPasswordShape, type PasswordContext, type PasswordProblem } from "./policy";

/** Empty, control characters, the length range: for anyone, before a code or link is proven. */
export { checkPasswordShape };

/** Who is setting the password, for the audit trail of a check that could not run (the breach list). */
export type PasswordAuditContext = {
  organizationId?: string | null;
  subjectUserId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
};

export type NewPasswordContext = {
  /** The organisation's minimum. */
  minLength?: number;
  /** Username, membership number, e-mail, organisation, name: what the password may not contain or be built from. */
  personal?: PasswordContext["personal"];
  audit?: PasswordAuditContext;
};

/**
 * Every rule for a password being set (reset, activation, the account page): the shape, the
 * person's own words, the strength estimate and, last, the breach list (a request to Have I Been
 * Pwned, so only for a password that passed the rest). Run it only once whatever proves the
 * person (the code, the link, the current password) has passed. When the breach list cannot be
 * asked the password is let through (a stalled outside service must not stop every reset) and
 * the failure is audited.
 */
export async function checkNewPassword(
  db: Db,
  password: string,
  ctx: NewPasswordContext,
): Promise<PasswordProblem | null> {
  const problem = checkPasswordPolicy(password, { minLength: ctx.minLength, personal: ctx.personal });
  if (problem) return problem;
  const breachCheck = breachCheckSettings();
  if (!breachCheck.enabled) return null;
  const found = await lookUpBreachedPassword(password, { apiUrl: breachCheck.apiUrl });
  if (found.ok) return found.breached ? { code: "breached" } : null;
  await recordAudit(db, {
    event: "password.breach_check_failed",
    organizationId: ctx.audit?.organizationId,
    subjectUserId: ctx.audit?.subjectUserId,
    ip: ctx.audit?.ip,
    userAgent: ctx.audit?.userAgent,
    details: { reason: found.reason },
  });
  return null;
}
