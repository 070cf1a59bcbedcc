import { and, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/lib/db/client";
import { auditEvents, userSearchText, users } from "@/lib/db/schema";
import { SEARCH_MAX } from "@/lib/validation/limits";
import { withoutAsciiControls } from "@/lib/validation/text";
import type { AdminScope } from "./scope";

const AUDIT_PAGE_SIZE = 100;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type AuditQuery = { person?: string; event?: string; from?: string; to?: string; page?: string | number };

/** The query string's values, made safe; a bad date is dropped (and the page says so). */
function readAuditQuery(input: AuditQuery) {
  const clean = (s?: string) =>
    withoutAsciiControls(s ?? "")
      .trim()
      .slice(0, SEARCH_MAX);
  const date = (s?: string) => {
    const v = clean(s);
    if (!v) return { value: null, bad: false };
    return DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))
      ? { value: v, bad: false }
      : { value: null, bad: true };
  };
  const from = date(input.from);
  const to = date(input.to);
  const event = clean(input.event);
  return {
    person: clean(input.person),
    event: /^[a-z_.A-Z]*$/.test(event) ? event : "",
    from: from.value,
    to: to.value,
    badDate: from.bad || to.bad,
    page: Math.min(Math.max(1, Math.floor(Number(input.page) || 1)), 10_000),
  };
}

/** The organisation's audit log, newest first: by person (who acted or whom it concerned), event and date. */
export async function searchAuditLog(db: Db, scope: AdminScope, input: AuditQuery) {
  const query = readAuditQuery(input);
  const subject = alias(users, "subject");
  const actor = alias(users, "actor");
  const conditions: SQL[] = [eq(auditEvents.organizationId, scope.organizationId)];
  if (query.event) conditions.push(eq(auditEvents.event, query.event));
  if (query.from) conditions.push(gte(auditEvents.createdAt, new Date(`${query.from}T00:00:00Z`)));
  if (query.to)
    conditions.push(lt(auditEvents.createdAt, new Date(new Date(`${query.to}T00:00:00Z`).getTime() + 86_400_000)));
  if (query.person) {
    const needle = `%${query.person.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(${userSearchText(subject)} LIKE ${needle} OR ${userSearchText(actor)} LIKE ${needle})`);
  }
  const rows = await db
    .select({
      id: auditEvents.id,
      event: auditEvents.event,
      createdAt: auditEvents.createdAt,
      ip: auditEvents.ip,
      details: auditEvents.details,
      subjectId: subject.id,
      subjectName: subject.displayName,
      subjectIdentifier: sql<string | null>`coalesce(${subject.username}, ${subject.membershipNumber})`,
      actorId: actor.id,
      actorName: actor.displayName,
      actorIdentifier: sql<string | null>`coalesce(${actor.username}, ${actor.membershipNumber})`,
    })
    .from(auditEvents)
    .leftJoin(subject, eq(subject.id, auditEvents.subjectUserId))
    .leftJoin(actor, eq(actor.id, auditEvents.actorUserId))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((query.page - 1) * AUDIT_PAGE_SIZE);
  const events = await db
    .selectDistinct({ event: auditEvents.event })
    .from(auditEvents)
    .where(eq(auditEvents.organizationId, scope.organizationId))
    .orderBy(auditEvents.event);
  return {
    query,
    rows: rows.slice(0, AUDIT_PAGE_SIZE),
    hasMore: rows.length > AUDIT_PAGE_SIZE,
    eventTypes: events.map((e) => e.event),
  };
}
