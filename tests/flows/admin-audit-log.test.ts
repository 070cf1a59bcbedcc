import { and, eq, or } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, users } from "@/lib/db/schema";
import { searchAuditLog } from "@/lib/flows/admin/audit-log";
import type { AdminScope } from "@/lib/flows/admin/scope";
import { runUserAction } from "@/lib/flows/admin/user-actions";
import { seededTestDb } from "../helpers/db";
import { must, userByEmail } from "../helpers/fixtures";

/** The audit log's filters return exactly what they say, and only the administrator's organisation. */
const h = seededTestDb();
let demoOy: AdminScope;
let liitto: AdminScope;
let maijaId: string;
beforeAll(async () => {
  demoOy = await h.adminScope("admin@example.com");
  liitto = await h.adminScope("liitto.admin@example.com");
  const ctx = { now: new Date(), appOrigin: "https://tunnus.example" };
  const maija = await userByEmail(h.db, "maija@example.com");
  const erik = await userByEmail(h.db, "erik@example.com");
  const uusi = await userByEmail(h.db, "uusi@example.com");
  const jaana = await userByEmail(h.db, "jasen@example.com");
  maijaId = maija.id;
  // Maija as the one concerned, then as the one acting; others' events around her.
  await runUserAction(h.db, demoOy, { userId: maija.id, action: "makeAdmin" }, ctx);
  await runUserAction(h.db, demoOy, { userId: erik.id, action: "lock" }, ctx);
  await runUserAction(h.db, { ...demoOy, actorUserId: maija.id }, { userId: uusi.id, action: "revokeSessions" }, ctx);
  await runUserAction(h.db, { ...demoOy, actorUserId: maija.id }, { userId: erik.id, action: "unlock" }, ctx);
  await runUserAction(h.db, demoOy, { userId: maija.id, action: "makeMember" }, ctx);
  // The other organisation's events, of the same types.
  await runUserAction(h.db, liitto, { userId: jaana.id, action: "makeAdmin" }, ctx);
  await runUserAction(h.db, liitto, { userId: jaana.id, action: "lock" }, ctx);
  await runUserAction(h.db, liitto, { userId: jaana.id, action: "disable" }, ctx);
});

const idsOf = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);

describe("the audit log's filters", () => {
  it("a person: every row concerns that person, as the one acted on or the one acting, and none is missing", async () => {
    const found = await searchAuditLog(h.db, demoOy, { person: "Maija Meikäläinen" });
    expect(found.rows.length).toBe(4);
    expect(found.rows.every((r) => r.subjectId === maijaId || r.actorId === maijaId)).toBe(true);
    expect(found.rows.some((r) => r.subjectId === maijaId)).toBe(true);
    expect(found.rows.some((r) => r.actorId === maijaId && r.subjectId !== maijaId)).toBe(true);
    const expected = await h.db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.organizationId, demoOy.organizationId),
          or(eq(auditEvents.subjectUserId, maijaId), eq(auditEvents.actorUserId, maijaId)),
        ),
      );
    expect(idsOf(found.rows)).toEqual(idsOf(expected));
  });

  it("unfiltered and by event type: only the administrator's organisation, never another's", async () => {
    const theirs = idsOf(
      await h.db
        .select({ id: auditEvents.id })
        .from(auditEvents)
        .where(eq(auditEvents.organizationId, liitto.organizationId)),
    );
    expect(theirs.length).toBe(3);
    const ours = idsOf(
      await h.db
        .select({ id: auditEvents.id })
        .from(auditEvents)
        .where(eq(auditEvents.organizationId, demoOy.organizationId)),
    );
    const all = await searchAuditLog(h.db, demoOy, {});
    expect(idsOf(all.rows)).toEqual(ours);
    expect(all.rows.some((r) => theirs.includes(r.id))).toBe(false);
    expect(all.eventTypes).not.toContain("admin.disable"); // only 200 has one
    expect((await searchAuditLog(h.db, liitto, {})).eventTypes).toContain("admin.disable");

    for (const event of ["admin.makeAdmin", "admin.lock"]) {
      const filtered = await searchAuditLog(h.db, demoOy, { event });
      const expected = await h.db
        .select({ id: auditEvents.id })
        .from(auditEvents)
        .where(and(eq(auditEvents.organizationId, demoOy.organizationId), eq(auditEvents.event, event)));
      expect(filtered.rows.length).toBeGreaterThan(0);
      expect(idsOf(filtered.rows)).toEqual(idsOf(expected));
      expect(filtered.rows.every((r) => r.event === event && !theirs.includes(r.id))).toBe(true);
    }
    expect((await searchAuditLog(h.db, demoOy, { event: "admin.disable" })).rows).toEqual([]);
    // A person of the other organisation is nobody here, even though their events exist.
    const jaana = must((await h.db.select().from(users).where(eq(users.email, "jasen@example.com")))[0], "jaana");
    expect((await searchAuditLog(h.db, demoOy, { person: jaana.displayName })).rows).toEqual([]);
    expect((await searchAuditLog(h.db, liitto, { person: jaana.displayName })).rows).toHaveLength(3);
  });
});
