import { hashPassword } from "@/lib/password/hash";
import { checkPasswordShape } from "@/lib/password/new-password";
import type { PasswordProblem } from "@/lib/password/policy";
import type { Db } from "@/lib/db/client";
import type { Organization, User } from "@/lib/db/schema";
import { checkNewPasswordFor, setNewPassword } from "@/lib/flows/password/set-new-password";
import { confirmRecentSignIn, type ReauthResult } from "@/lib/flows/sign-in/recent-auth";
import type { Failure, FlowContext, Ok } from "@/lib/flows/context";

export type ChangePasswordResult =
  | Ok<{ sessionsEnded: number }>
  | Failure<Extract<ReauthResult, { ok: false }>["reason"] | "repeatEmpty" | "mismatch">
  | Failure<"policy", { problem: PasswordProblem }>;

/**
 * "Vaihda salasana" on the account page: the new password's shape and repeat, always the current
 * password (a recent sign-in is not enough here), then the organisation's policy, then in one
 * transaction what `setNewPassword` does for a change: the new hash, every other session ended
 * (this one stays), every outstanding link and code voided (a pending e-mail or phone change too:
 * it may be an intruder's), PasswordChangedEmail to a verified address, an audit event.
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
  ctx: FlowContext,
): Promise<ChangePasswordResult> {
  const { user, organization } = input;
  if (!input.current) return { ok: false, reason: "passwordRequired" };
  // What costs nothing first; the current password (a limited number of tries) next; the
  // estimate and the breach list only for the person it proved.
  const shape = checkPasswordShape(input.password, organization.minPasswordLength);
  if (shape) return { ok: false, reason: "policy", problem: shape };
  if (!input.repeat) return { ok: false, reason: "repeatEmpty" };
  if (input.password !== input.repeat) return { ok: false, reason: "mismatch" };
  const gate = await confirmRecentSignIn(db, { user, sessionId: input.sessionId, password: input.current }, ctx);
  if (!gate.ok) return gate;
  const problem = await checkNewPasswordFor(db, { user, organization }, input.password, ctx);
  if (problem) return { ok: false, reason: "policy", problem };

  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const setting = { by: "change", sessionId: input.sessionId } as const;
    const { sessionsEnded } = await setNewPassword(tx, { user, organization }, passwordHash, setting, ctx);
    return { ok: true as const, sessionsEnded };
  });
}
