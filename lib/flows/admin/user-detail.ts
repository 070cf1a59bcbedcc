import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { auditEvents, outbox, sessions, users } from "@/lib/db/schema";
import { formatIdentifier } from "@/lib/identity/identifiers";
import { RECOVERY_CODE_FAILURE_CAP } from "@/lib/tokens/code-check";
import { type ResendMessageResult, resendPolicyOf } from "./messages";
import { type AdminScope, userInScope } from "./scope";
import { type ActionResult, availableActions, isUserAction, type UserAction } from "./user-actions";
import { MAX_CONSECUTIVE_FAILURES } from "@/lib/flows/sign-in/login-failures";

/**
 * A user's page in /admin: the account, its recent messages with their delivery state, its audit
 * trail and what can be done. Null for anyone outside the administrator's organisation.
 */
export async function loadUserForAdmin(db: Db, scope: AdminScope, userId: string, now = new Date()) {
  const row = await userInScope(db, scope, userId);
  if (!row) return null;
  const { user, organization } = row;
  const actor = users;
  const [messages, trail, [active]] = await Promise.all([
    db
      .select({
        id: outbox.id,
        channel: outbox.channel,
        recipient: outbox.recipient,
        template: outbox.template,
        status: outbox.status,
        attempts: outbox.attempts,
        createdAt: outbox.createdAt,
        sentAt: outbox.sentAt,
        replacedBy: outbox.replacedBy,
      })
      .from(outbox)
      .where(and(eq(outbox.userId, user.id), eq(outbox.organizationId, organization.id)))
      .orderBy(desc(outbox.createdAt))
      .limit(20),
    db
      .select({
        id: auditEvents.id,
        event: auditEvents.event,
        createdAt: auditEvents.createdAt,
        ip: auditEvents.ip,
        details: auditEvents.details,
        actorName: actor.displayName,
        actorUsername: actor.username,
        actorNumber: actor.membershipNumber,
      })
      .from(auditEvents)
      .leftJoin(actor, eq(actor.id, auditEvents.actorUserId))
      .where(and(eq(auditEvents.subjectUserId, user.id), eq(auditEvents.organizationId, organization.id)))
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(50),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(sessions)
      .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt), gt(sessions.expiresAt, now))),
  ]);
  return {
    user,
    organization,
    identifier: formatIdentifier(user, organization),
    signInDelayedUntil: user.loginBlockedUntil && user.loginBlockedUntil > now ? user.loginBlockedUntil : null,
    /** Only a completed reset or "unlock" opens sign-in again. */
    signInLockedAfterFailures: user.status === "active" && user.failedLoginCount >= MAX_CONSECUTIVE_FAILURES,
    /** Wrong reset codes reached the cap: only a reset link or "unlock" reopens recovery by code. */
    codeRecoveryPaused: user.recoveryCodeFailures >= RECOVERY_CODE_FAILURE_CAP,
    activeSessions: active?.n ?? 0,
    // What "send again" would do with each failed one (RESEND_POLICY): the page offers it or says why not.
    messages: messages.map((m) => ({
      ...m,
      resend: m.status === "failed" && !m.replacedBy ? resendPolicyOf(m.template) : null,
    })),
    trail: trail.map(({ actorName, actorUsername, actorNumber, ...t }) => ({
      ...t,
      actor: actorName || actorUsername || actorNumber || null,
    })),
    actions: availableActions(user, now, scope.actorUserId),
  };
}

export type UserForAdmin = NonNullable<Awaited<ReturnType<typeof loadUserForAdmin>>>;

/** What the user's page asks the administrator to confirm before its button posts it (`action` names it). */
export type Confirmation =
  | { kind: "action"; action: UserAction }
  /** `fresh`: a new message with a new link goes out in its place; else the same one is queued again. */
  | { kind: "resendMessage"; action: "resendMessage"; messageId: string; fresh: boolean };

/** Done, as the page's notice names it: an action, or a failed message sent again (anew or as it was). */
export type UserPageDone = UserAction | "resendMessage" | "resendMessageFresh";
/** Why an action or a "send again" was refused. */
export type UserPageFailure =
  Extract<ActionResult, { ok: false }>["reason"] | Extract<ResendMessageResult, { ok: false }>["reason"];

const isDone = (value: string): value is UserPageDone =>
  isUserAction(value) || value === "resendMessage" || value === "resendMessageFresh";
const FAILURES = {
  lastAdmin: true,
  notApplicable: true,
  noEmail: true,
  notFound: true,
  notFailed: true,
  self: true,
  emailNotVerified: true,
  askForNewCode: true,
} satisfies Record<UserPageFailure, true>;
const isFailure = (value: string): value is UserPageFailure =>
  typeof value === "string" && Object.hasOwn(FAILURES, value);

/** Who did what a trail entry records: the account that acted, or without one the operator, the system or the person. */
export type TrailActor = { name: string } | "operator" | "system" | "self";

/**
 * The user's page as its address asks for it (`?confirm=lock`, `?done=lock`, `?failed=lastAdmin`,
 * `?created=1`). Untrusted: anything else (a repeated parameter arrives as an array) shows nothing.
 */
export type UserPageAsk = { confirm?: string; message?: string; done?: string; failed?: string; created?: string };

export type AdminUserPageView = Omit<UserForAdmin, "trail"> & {
  trail: (UserForAdmin["trail"][number] & { by: TrailActor })[];
  /** The confirmation to show: only of an action the page offers, or of a message it offers to send again. */
  confirmation: Confirmation | null;
  done: UserPageDone | null;
  failed: UserPageFailure | null;
  /** Just created here (`/admin/users/new`). */
  created: boolean;
};

function confirmationOf(detail: UserForAdmin, ask: UserPageAsk): Confirmation | null {
  const { confirm } = ask;
  if (!confirm) return null;
  if (isUserAction(confirm)) return detail.actions.includes(confirm) ? { kind: "action", action: confirm } : null;
  if (confirm !== "resendMessage") return null;
  const message = detail.messages.find((m) => m.id === ask.message && m.resend && m.resend !== "askForNewCode");
  if (!message) return null;
  return { kind: "resendMessage", action: "resendMessage", messageId: message.id, fresh: message.resend !== "requeue" };
}

const trailActor = (event: string, actor: string | null): TrailActor =>
  actor
    ? { name: actor }
    : event.startsWith("admin.") || event === "user.created"
      ? "operator"
      : event === "message.failed"
        ? "system"
        : "self";

/**
 * /admin/users/[id]: `loadUserForAdmin`, and what the address asks of the page, checked against
 * it: a confirmation only of what is offered, notices only of outcomes there are. Null for anyone
 * outside the administrator's organisation.
 */
export async function loadAdminUserPage(
  db: Db,
  scope: AdminScope,
  userId: string,
  ask: UserPageAsk,
  now = new Date(),
): Promise<AdminUserPageView | null> {
  const detail = await loadUserForAdmin(db, scope, userId, now);
  if (!detail) return null;
  return {
    ...detail,
    trail: detail.trail.map((entry) => ({ ...entry, by: trailActor(entry.event, entry.actor) })),
    confirmation: confirmationOf(detail, ask),
    done: ask.done && isDone(ask.done) ? ask.done : null,
    failed: ask.failed && isFailure(ask.failed) ? ask.failed : null,
    created: ask.created === "1",
  };
}
