import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { formatIdentifier } from "@/lib/identity/identifiers";
import { hashPassword } from "@/lib/password/hash";
import { checkNewPassword, checkPasswordShape } from "@/lib/password/new-password";
import type { PasswordProblem } from "@/lib/password/policy";
import { revokeAllSessions } from "@/lib/session/sessions";
import type { Db } from "@/lib/db/client";
import { type Organization, type User, users } from "@/lib/db/schema";
import { commonProps } from "@/lib/messages/common-props";
import { enqueue } from "@/lib/messages/outbox";
import { voidAllTokens } from "@/lib/tokens/tokens";
import { personalWords } from "./password-change";
import { confirmRecentSignIn, type ReauthResult } from "./recent-auth";

export type ChangePasswordResult =
  | { ok: true; sessionsEnded: number }
  | { ok: false; error: Extract<ReauthResult, { ok: false }>["error"] | "repeatEmpty" | "mismatch" }
  | { ok: false; error: "policy"; problem: PasswordProblem };

/**
 * "Vaihda salasana" on the account page: the new password's shape and repeat, always the current
 * password (a recent sign-in is not enough here), then the organisation's policy, then in one transaction the new hash, every other
 * session ended (this one stays), every outstanding link and code voided (a pending e-mail or phone
 * change too: it may be an intruder's), PasswordChangedEmail to a verified address, an audit event.
 */
export async function changeOwnPassword(
  db: Db,
  input: {
    user: User;
    organization: Organization;
    sessionId: string;
    current: string;
    password: string;
    repeat: string;
  },
  ctx: { now: Date; ip: string; userAgent: string | null },
): Promise<ChangePasswordResult> {
  const { user, organization } = input;
  if (!input.current) return { ok: false, error: "passwordRequired" };
  // What costs nothing first; the current password (a limited number of tries) next; the
  // estimate and the breach list only for the person it proved.
  const shape = checkPasswordShape(input.password, organization.minPasswordLength);
  if (shape) return { ok: false, error: "policy", problem: shape };
  if (!input.repeat) return { ok: false, error: "repeatEmpty" };
  if (input.password !== input.repeat) return { ok: false, error: "mismatch" };
  const gate = await confirmRecentSignIn(db, { user, sessionId: input.sessionId, password: input.current }, ctx);
  if (!gate.ok) return gate;
  const problem = await checkNewPassword(db, input.password, {
    minLength: organization.minPasswordLength,
    personal: personalWords({ user, organization }),
    audit: { organizationId: organization.id, subjectUserId: user.id, ip: ctx.ip, userAgent: ctx.userAgent },
  });
  if (problem) return { ok: false, error: "policy", problem };

  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, failedLoginCount: 0, loginBlockedUntil: null, updatedAt: ctx.now })
      .where(eq(users.id, user.id));
    const sessionsEnded = await revokeAllSessions(tx, user.id, ctx.now, input.sessionId);
    await voidAllTokens(tx, user.id, ctx.now);
    if (user.email && user.emailVerifiedAt) {
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
            changedAt: ctx.now.toISOString(),
          },
        },
        ctx.now,
      );
    }
    await recordAudit(tx, {
      event: "password.changed",
      organizationId: organization.id,
      actorUserId: user.id,
      subjectUserId: user.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { sessionsEnded },
    });
    return { ok: true as const, sessionsEnded };
  });
}
