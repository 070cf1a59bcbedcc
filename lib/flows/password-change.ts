import { and, eq, inArray, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { formatIdentifier } from "@/lib/identity/identifiers";
import type { PersonalDetails } from "@/lib/password/policy";
import { revokeAllSessions } from "@/lib/session/sessions";
import { RECOVERY_CODE_FAILURE_CAP } from "@/lib/tokens/code-check";
import type { Db } from "@/lib/db/client";
import { type Organization, organizations, type User, users } from "@/lib/db/schema";
import { commonProps } from "@/lib/messages/common-props";
import { enqueue } from "@/lib/messages/outbox";
import { voidAllTokens } from "@/lib/tokens/tokens";

type Account = { user: User; organization: Organization };

/** What a person's password may not contain or be built from (DESIGN §5). */
export const personalWords = ({ user, organization }: Account): PersonalDetails => ({
  username: user.username,
  membershipNumber: user.membershipNumber,
  displayName: user.displayName,
  email: user.email,
  organizationName: organization.name,
  identifier: formatIdentifier(user, organization),
});

/**
 * The account as it is now, row-locked, if a reset may still set its password (active, or
 * invited: the first password). Read inside the reset's transaction: what the caller read before
 * may be stale (disabled in between), and the lock orders parallel resets of one account.
 */
export async function lockResettableAccount(tx: Db, userId: string): Promise<Account | null> {
  const [row] = await tx
    .select({ user: users, organization: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(and(eq(users.id, userId), inArray(users.status, ["active", "invited"])))
    .for("update", { of: users });
  return row ?? null;
}

/**
 * What every completed password reset does, in the caller's transaction (the one that spent the
 * code or link): the new hash, the sign-in lock and the count of wrong reset codes cleared (which
 * reopens recovery by code where it was paused), every session ended, every other token
 * voided, the "password changed" e-mail queued, an audit event. An invited account becomes
 * active. `proved` is the channel the secret came through: a reset link or an e-mailed code
 * proves the e-mail address, an SMS code only the phone; only that one is marked verified.
 */
export async function applyNewPassword(
  tx: Db,
  input: Account & { passwordHash: string; via: "reset_code" | "reset_link"; proved: "email" | "phone" | null },
  ctx: { now: Date; ip: string; userAgent: string | null },
): Promise<void> {
  const { user, organization, proved } = input;
  const now = ctx.now;
  const firstPassword = user.status === "invited";
  const stamp = sql`${now.toISOString()}::timestamptz`;
  await tx
    .update(users)
    .set({
      passwordHash: input.passwordHash,
      failedLoginCount: 0,
      loginBlockedUntil: null,
      // A completed reset is the person back in: wrong reset codes before it no longer count.
      recoveryCodeFailures: 0,
      updatedAt: now,
      ...(firstPassword ? { status: "active" as const } : {}),
      ...(proved === "email" ? { emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${stamp})` } : {}),
      ...(proved === "phone" ? { phoneVerifiedAt: sql`coalesce(${users.phoneVerifiedAt}, ${stamp})` } : {}),
    })
    .where(eq(users.id, user.id));
  await revokeAllSessions(tx, user.id, now);
  await voidAllTokens(tx, user.id, now);
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
    event: "password.reset",
    organizationId: organization.id,
    actorUserId: user.id,
    subjectUserId: user.id,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details: {
      via: input.via,
      firstPassword,
      proved,
      ...(user.recoveryCodeFailures >= RECOVERY_CODE_FAILURE_CAP ? { codeRecoveryReopened: true } : {}),
    },
  });
}
