import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { formatIdentifier } from "@/lib/identity/identifiers";
import { checkNewPassword } from "@/lib/password/new-password";
import type { PasswordProblem, PersonalDetails } from "@/lib/password/policy";
import { revokeGrantsOf } from "@/lib/oidc/grants";
import { revokeAllSessions } from "@/lib/session/sessions";
import { RECOVERY_CODE_FAILURE_CAP } from "@/lib/tokens/code-check";
import { type Account, activeOrInvited, selectAccounts } from "@/lib/db/accounts";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { commonProps } from "@/lib/messages/common-props";
import { enqueue } from "@/lib/messages/outbox";
import { voidAllTokens } from "@/lib/tokens/tokens";
import type { FlowContext } from "@/lib/flows/context";

/**
 * What a person's password may not contain or be built from: the words anyone who knows them (or
 * sees their e-mail) would try first, which NIST SP 800-63B asks a verifier to refuse.
 */
const personalWords = ({ user, organization }: Account): PersonalDetails => ({
  username: user.username,
  membershipNumber: user.membershipNumber,
  displayName: user.displayName,
  email: user.email,
  organizationName: organization.name,
  identifier: formatIdentifier(user, organization),
});

/**
 * Every rule for this account's new password (`checkNewPassword`): its organisation's minimum,
 * the person's own words, the estimate, the breach list, whose failure is audited on the account.
 * Run it only once what proves the person (the code, the link, the current password) has passed.
 */
export function checkNewPasswordFor(
  db: Db,
  { user, organization }: Account,
  password: string,
  ctx: Pick<FlowContext, "ip" | "userAgent">,
): Promise<PasswordProblem | null> {
  return checkNewPassword(db, password, {
    minLength: organization.minPasswordLength,
    personal: personalWords({ user, organization }),
    audit: { organizationId: organization.id, subjectUserId: user.id, ip: ctx.ip, userAgent: ctx.userAgent },
  });
}

/**
 * The account as it is now, row-locked, if a reset may still set its password (active, or
 * invited: the first password). Read inside the reset's transaction: what the caller read before
 * may be stale (disabled in between), and the lock orders parallel resets of one account.
 */
export async function lockResettableAccount(tx: Db, userId: string): Promise<Account | null> {
  const [row] = await selectAccounts(tx)
    .where(and(eq(users.id, userId), activeOrInvited()))
    .for("update", { of: users });
  return row ?? null;
}

/**
 * Why a password is being set. Each says what it proves, and so what the aftermath does:
 *
 * |                                | change (account page) | reset (link or code)           | activation          |
 * | ------------------------------ | --------------------- | ------------------------------ | ------------------- |
 * | sign-in lock cleared           | yes                   | yes                            | yes                 |
 * | wrong reset codes forgotten    | no                    | yes (reopens recovery by code) | no                  |
 * | invited account becomes active | (it is active)        | yes                            | yes, and it must be |
 * | marked verified                | nothing               | the channel the secret came by | the e-mail          |
 * | sessions ended                 | all but this one      | all                            | none (it has none)  |
 * | links and codes voided         | all                   | all                            | its own link only   |
 * | "password changed" e-mail      | to a verified address | to a verified or proved one    | none                |
 * | audit event                    | password.changed      | password.reset                 | user.activated      |
 */
export type PasswordSetting =
  /** "Vaihda salasana" on the account page, from the session `sessionId`, which stays signed in. */
  | { by: "change"; sessionId: string }
  /** A completed reset; `proved` is the channel its code or link came through (a link: the e-mail). */
  | { by: "reset"; via: "reset_code" | "reset_link"; proved: "email" | "phone" | null }
  /** The activation link's final submit: the first password; the link proved the e-mail address. */
  | { by: "activation" };

/**
 * What setting a new password does, in the caller's transaction (the one that spent the code or
 * link, or the account page's own): the new hash and the rest of the table above. The hash is
 * made before the transaction, so row locks are held for milliseconds, not for argon2.
 */
export async function setNewPassword(
  tx: Db,
  { user, organization }: Account,
  passwordHash: string,
  setting: PasswordSetting,
  ctx: FlowContext,
): Promise<{ sessionsEnded: number }> {
  const { now } = ctx;
  const firstPassword = setting.by !== "change" && user.status === "invited";
  const proved = setting.by === "reset" ? setting.proved : setting.by === "activation" ? "email" : null;
  const stamp = sql`${now.toISOString()}::timestamptz`;
  const updated = await tx
    .update(users)
    .set({
      passwordHash,
      failedLoginCount: 0,
      loginBlockedUntil: null,
      // A completed reset is the person back in: wrong reset codes before it no longer count.
      ...(setting.by === "reset" ? { recoveryCodeFailures: 0 } : {}),
      updatedAt: now,
      ...(firstPassword ? { status: "active" as const } : {}),
      ...(proved === "email" ? { emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${stamp})` } : {}),
      ...(proved === "phone" ? { phoneVerifiedAt: sql`coalesce(${users.phoneVerifiedAt}, ${stamp})` } : {}),
    })
    .where(and(eq(users.id, user.id), setting.by === "activation" ? eq(users.status, "invited") : undefined))
    .returning({ id: users.id });
  if (setting.by === "activation") {
    if (updated.length === 0) throw new Error("activation: the account left the invited state during activation");
    await recordAudit(tx, {
      event: "user.activated",
      organizationId: organization.id,
      actorUserId: user.id,
      subjectUserId: user.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { sessionsEnded: 0 };
  }

  const sessionsEnded = await revokeAllSessions(
    tx,
    user.id,
    now,
    setting.by === "change" ? setting.sessionId : undefined,
  );
  // A pending e-mail or phone change goes too: it may be an intruder's.
  await voidAllTokens(tx, user.id, now);
  // After a reset, no service keeps a refresh token someone else may have got with the old password.
  if (setting.by === "reset") await revokeGrantsOf(tx, { subject: user.oidcSubject });
  // Only to an address known to be the person's: an unverified one may be anybody's.
  if (user.email && (user.emailVerifiedAt || proved === "email")) {
    await enqueue(
      tx,
      {
        channel: "email",
        to: user.email,
        template: "PasswordChangedEmail",
        organizationId: organization.id,
        userId: user.id,
        props: {
          ...commonProps(organization, user),
          username: formatIdentifier(user, organization),
          changedAt: now.toISOString(),
        },
      },
      now,
    );
  }
  await recordAudit(tx, {
    event: setting.by === "change" ? "password.changed" : "password.reset",
    organizationId: organization.id,
    actorUserId: user.id,
    subjectUserId: user.id,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details:
      setting.by === "change"
        ? { sessionsEnded }
        : {
            via: setting.via,
            firstPassword,
            proved,
            ...(user.recoveryCodeFailures >= RECOVERY_CODE_FAILURE_CAP ? { codeRecoveryReopened: true } : {}),
          },
  });
  return { sessionsEnded };
}
