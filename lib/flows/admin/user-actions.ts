import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { revokeGrantsOf } from "@/lib/oidc/grants";
import { revokeAllSessions } from "@/lib/session/sessions";
import { RECOVERY_CODE_FAILURE_CAP } from "@/lib/tokens/code-check";
import type { Db } from "@/lib/db/client";
import { type User, users } from "@/lib/db/schema";
import { resendActivation } from "./users";
import { queueResetLinkEmail } from "@/lib/flows/password/reset-by-link";
import { isUuid } from "@/lib/validation/uuid";
import { type AdminScope, anotherActiveAdminExists, auditActor, userInScope } from "./scope";
import type { FlowContext } from "@/lib/flows/context";

export const USER_ACTIONS = [
  "resendActivation",
  "sendPasswordLink",
  "lock",
  "unlock",
  "disable",
  "enable",
  "revokeSessions",
  "makeAdmin",
  "makeMember",
] as const;
export type UserAction = (typeof USER_ACTIONS)[number];
export const isUserAction = (value: string): value is UserAction => (USER_ACTIONS as readonly string[]).includes(value);

export type ActionResult =
  | { ok: true }
  | { ok: false; reason: "notFound" | "lastAdmin" | "notApplicable" | "noEmail" | "self" | "emailNotVerified" };

type Ctx = Required<Pick<FlowContext, "now" | "appOrigin">>;

/**
 * What an administrator may not do to their own account: it would end their own session or
 * rights mid-task (their own sign-out lives at /account). Refused by the flow, not just hidden.
 */
const NOT_TO_ONESELF: readonly UserAction[] = ["lock", "disable", "revokeSessions", "makeMember"];

/**
 * A password link goes only to an address the person verified: an address an administrator or
 * a register typed in may be a stranger's. Someone who never activated gets the activation
 * again instead, to the address it was sent to.
 */
export const passwordLinkAllowed = (user: User): user is User & { email: string } =>
  (user.status === "active" || user.status === "invited") && Boolean(user.email && user.emailVerifiedAt);

/** Which actions make sense for this account now, done by this actor (the page offers only these). */
export function availableActions(user: User, now: Date, actorUserId: string | null = null): UserAction[] {
  const delayed = Boolean(user.loginBlockedUntil && user.loginBlockedUntil > now) || user.failedLoginCount > 0;
  const list: UserAction[] = [];
  if (user.status === "invited" && user.email) list.push("resendActivation");
  if (passwordLinkAllowed(user)) list.push("sendPasswordLink");
  if (user.status === "active" || user.status === "invited") list.push("lock");
  if (
    user.status === "locked" ||
    (user.status === "active" && delayed) ||
    user.recoveryCodeFailures >= RECOVERY_CODE_FAILURE_CAP
  )
    list.push("unlock");
  if (user.status !== "disabled") list.push("disable");
  if (user.status === "disabled") list.push("enable");
  list.push("revokeSessions");
  list.push(user.role === "admin" ? "makeMember" : "makeAdmin");
  return user.id === actorUserId ? list.filter((a) => !NOT_TO_ONESELF.includes(a)) : list;
}

/** Back from locked or disabled: active if the person has a password, else still waiting to activate. */
const reopenedStatus = (user: User): "active" | "invited" => (user.passwordHash ? "active" : "invited");

/** Taking an active administrator out of service must leave the organisation another one. */
const removesAnAdmin = (user: User, action: UserAction) =>
  user.role === "admin" &&
  user.status === "active" &&
  (action === "lock" || action === "disable" || action === "makeMember");

/**
 * One administrator action on one account of the administrator's organisation: checked, done and
 * audited (with the acting administrator) in one transaction.
 */
export async function runUserAction(
  db: Db,
  scope: AdminScope,
  input: { userId: string; action: UserAction },
  ctx: Ctx,
): Promise<ActionResult> {
  const { action } = input;
  // The id comes from a bound action argument, which the browser can change.
  if (!isUuid(input.userId)) return { ok: false, reason: "notFound" };
  if (action === "resendActivation") {
    const result = await resendActivation(
      db,
      { organizationId: scope.organizationId, userId: input.userId },
      {
        now: ctx.now,
        appOrigin: ctx.appOrigin,
        actor: { userId: scope.actorUserId, ip: scope.ip, userAgent: scope.userAgent },
      },
    );
    if (result.ok) return result;
    return { ok: false, reason: result.reason === "notInvited" ? "notApplicable" : result.reason };
  }
  return db.transaction(async (tx) => {
    const row = await userInScope(tx, scope, input.userId, { lock: true });
    if (!row) return { ok: false, reason: "notFound" } as const;
    const { user, organization } = row;
    if (user.id === scope.actorUserId && NOT_TO_ONESELF.includes(action)) return { ok: false, reason: "self" } as const;
    if (
      action === "sendPasswordLink" &&
      (user.status === "active" || user.status === "invited") &&
      user.email &&
      !user.emailVerifiedAt
    )
      return { ok: false, reason: "emailNotVerified" } as const;
    if (!availableActions(user, ctx.now, scope.actorUserId).includes(action))
      return { ok: false, reason: "notApplicable" } as const;
    if (removesAnAdmin(user, action) && !(await anotherActiveAdminExists(tx, scope.organizationId, user.id)))
      return { ok: false, reason: "lastAdmin" } as const;

    const set = (values: Partial<typeof users.$inferInsert>) =>
      tx
        .update(users)
        .set({ ...values, updatedAt: ctx.now })
        .where(eq(users.id, user.id));
    const details: Record<string, unknown> = {};
    switch (action) {
      case "sendPasswordLink":
        await queueResetLinkEmail(tx, user.email!, [row], ctx);
        break;
      case "lock":
        await set({ status: "locked" });
        details.sessionsRevoked = await revokeAllSessions(tx, user.id, ctx.now);
        details.serviceGrantsRevoked = await revokeGrantsOf(tx, { subject: user.oidcSubject });
        break;
      case "unlock":
        await set({
          status: user.status === "locked" ? reopenedStatus(user) : user.status,
          failedLoginCount: 0,
          loginBlockedUntil: null,
          recoveryCodeFailures: 0,
        });
        break;
      case "disable":
        await set({ status: "disabled" });
        details.sessionsRevoked = await revokeAllSessions(tx, user.id, ctx.now);
        details.serviceGrantsRevoked = await revokeGrantsOf(tx, { subject: user.oidcSubject });
        break;
      case "enable":
        await set({ status: reopenedStatus(user), failedLoginCount: 0, loginBlockedUntil: null });
        break;
      case "revokeSessions":
        details.sessionsRevoked = await revokeAllSessions(tx, user.id, ctx.now);
        details.serviceGrantsRevoked = await revokeGrantsOf(tx, { subject: user.oidcSubject });
        break;
      case "makeAdmin":
      case "makeMember":
        await set({ role: action === "makeAdmin" ? "admin" : "member" });
        details.role = action === "makeAdmin" ? "admin" : "member";
        break;
    }
    await recordAudit(tx, {
      ...auditActor(scope),
      event: `admin.${action}`,
      subjectUserId: user.id,
      details: { ...details, organization: organization.licence },
    });
    return { ok: true } as const;
  });
}
