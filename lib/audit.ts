import type { Db } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";

export type AuditEvent = {
  event: string;
  organizationId?: string | null;
  actorUserId?: string | null;
  subjectUserId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** Never a password, code or token: callers pass reasons and ids only. */
  details?: Record<string, unknown>;
};

export async function recordAudit(db: Db, e: AuditEvent): Promise<void> {
  await db.insert(auditEvents).values({
    event: e.event,
    organizationId: e.organizationId ?? null,
    actorUserId: e.actorUserId ?? null,
    subjectUserId: e.subjectUserId ?? null,
    ip: e.ip ?? null,
    userAgent: e.userAgent?.slice(0, 512) ?? null,
    details: e.details ?? null,
  });
}
