import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { auditEvents, outbox, sessions, users } from "@/lib/db/schema";
import { formatIdentifier } from "@/lib/identity/identifiers";
import { RECOVERY_CODE_FAILURE_CAP } from "@/lib/tokens/code-check";
import { resendPolicyOf } from "./messages";
import { type AdminScope, userInScope } from "./scope";
import { availableActions } from "./user-actions";
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
