import { formatIdentifier } from "@/lib/identity/identifiers";
import { hashPassword } from "@/lib/password/hash";
import { checkPasswordShape } from "@/lib/password/new-password";
import type { PasswordProblem } from "@/lib/password/policy";
import { accountById } from "@/lib/db/accounts";
import type { Db } from "@/lib/db/client";
import type { Organization, User } from "@/lib/db/schema";
import { checkLinkToken, consumeLinkToken, pendingCode } from "@/lib/tokens/tokens";
import { checkNewPasswordFor, setNewPassword } from "@/lib/flows/password/set-new-password";
import type { FlowContext } from "@/lib/flows/context";

export type ActivationView =
  | {
      ok: true;
      user: User;
      organization: Organization;
      /** As the person will type it at sign-in. */
      identifier: string;
      pendingEmail: string | null;
      pendingPhone: string | null;
    }
  /** For a used or expired link the organisation is known, so the page can name whom to ask. */
  | { ok: false; reason: "unknown" | "used" | "expired"; organization: Organization | null };

/** What the activation page shows. Never spends the link: mail scanners open links too. */
export async function loadActivation(db: Db, secret: string, now: Date): Promise<ActivationView> {
  const link = await checkLinkToken(db, secret, "activation", now);
  if (!link.ok) {
    const known = link.reason === "unknown" ? undefined : await accountById(db, link.userId);
    return { ok: false, reason: link.reason, organization: known?.organization ?? null };
  }
  const row = await accountById(db, link.userId);
  // An account activated some other way (a reset link) makes its activation link a used one.
  if (!row || row.user.status !== "invited")
    return { ok: false, reason: "used", organization: row?.organization ?? null };
  const [email, phone] = await Promise.all([
    pendingCode(db, row.user.id, "email_change", now),
    pendingCode(db, row.user.id, "phone_change", now),
  ]);
  return {
    ok: true,
    user: row.user,
    organization: row.organization,
    identifier: formatIdentifier(row.user, row.organization),
    pendingEmail: email?.target ?? null,
    pendingPhone: phone?.target ?? null,
  };
}

/** The user an unspent activation link belongs to, for the steps before the final submit. */
export async function activationUser(db: Db, secret: string, now: Date): Promise<User | null> {
  const view = await loadActivation(db, secret, now);
  return view.ok ? view.user : null;
}

export type ActivationResult =
  | { ok: true; userId: string; identifier: string }
  | { ok: false; reason: "link" }
  | { ok: false; reason: "password"; problem: PasswordProblem | { code: "mismatch" } };

/**
 * The final submit: spends the link (exactly once, whatever races it), sets the password, marks
 * the e-mail verified (the link proved it) and makes the account active, in one transaction.
 */
export async function activateAccount(
  db: Db,
  input: { secret: string; password: string; repeat: string },
  ctx: FlowContext,
): Promise<ActivationResult> {
  const view = await loadActivation(db, input.secret, ctx.now);
  if (!view.ok) return { ok: false, reason: "link" };
  // The link proved the person; the cheap checks before the estimate and the breach list.
  const shape = checkPasswordShape(input.password, view.organization.minPasswordLength);
  if (shape) return { ok: false, reason: "password", problem: shape };
  if (input.password !== input.repeat) return { ok: false, reason: "password", problem: { code: "mismatch" } };
  const problem = await checkNewPasswordFor(db, view, input.password, ctx);
  if (problem) return { ok: false, reason: "password", problem };

  // Hash before the transaction: the row locks are held for milliseconds, not for argon2.
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const userId = await consumeLinkToken(tx, input.secret, "activation", ctx.now);
    if (userId !== view.user.id) return { ok: false, reason: "link" } as const;
    await setNewPassword(tx, view, passwordHash, { by: "activation" }, ctx);
    return { ok: true, userId, identifier: view.identifier } as const;
  });
}
