import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession, validateSession } from "@/lib/session/sessions";
import { auditEvents, outbox, users } from "@/lib/db/schema";
import { searchAuditLog } from "@/lib/flows/admin/audit-log";
import type { AdminScope } from "@/lib/flows/admin/scope";
import { loadUserForAdmin } from "@/lib/flows/admin/user-detail";
import { resendFailedMessage } from "@/lib/flows/admin/messages";
import { runUserAction, USER_ACTIONS } from "@/lib/flows/admin/user-actions";
import { searchUsers } from "@/lib/flows/admin/user-search";
import { seededTestDb } from "../helpers/db";
import { must, sessionTimes, userByEmail } from "../helpers/fixtures";
import { insertFailedMessage } from "../helpers/members";

const h = seededTestDb();
let demoOy: AdminScope;
let liitto: AdminScope;
beforeAll(async () => {
  const request = { ip: "192.0.2.1", userAgent: "vitest" };
  demoOy = await h.adminScope("admin@example.com", request);
  liitto = await h.adminScope("liitto.admin@example.com", request);
});

const ctx = () => ({ now: new Date(), appOrigin: "https://tunnus.example" });
const userRow = async (email: string) => userByEmail(h.db, email);

describe("an administrator of one organisation never reaches another's people", () => {
  it("every action on a user of 123, by the administrator of 200, is refused and changes nothing", async () => {
    const maija = await userRow("maija@example.com");
    const uusi = await userRow("uusi@example.com");
    for (const action of USER_ACTIONS) {
      for (const target of [maija, uusi]) {
        expect(await runUserAction(h.db, liitto, { userId: target.id, action }, ctx()), action).toEqual({
          ok: false,
          reason: "notFound",
        });
      }
    }
    expect(await userRow("maija@example.com")).toEqual(maija);
    expect(await userRow("uusi@example.com")).toEqual(uusi);
    expect(
      await h.count(auditEvents, eq(auditEvents.actorUserId, must(liitto.actorUserId, "liitto's administrator"))),
    ).toBe(0);
  });

  it("the loaders: a user page, the search, the audit log and a message of 123 are out of 200's reach", async () => {
    const maija = await userRow("maija@example.com");
    expect(await loadUserForAdmin(h.db, liitto, maija.id)).toBeNull();
    expect(await loadUserForAdmin(h.db, liitto, "not-a-uuid")).toBeNull();
    expect(await loadUserForAdmin(h.db, demoOy, maija.id)).toMatchObject({ identifier: "maija@123" });
    const found = await searchUsers(h.db, liitto, { q: "maija" });
    expect(found.total).toBe(0);
    expect((await searchUsers(h.db, liitto, {})).rows.map((r) => r.membershipNumber).sort()).toEqual([
      "10001",
      "10002",
      "90001",
    ]);
    await runUserAction(h.db, demoOy, { userId: maija.id, action: "revokeSessions" }, ctx());
    expect((await searchAuditLog(h.db, liitto, { person: "maija" })).rows).toHaveLength(0);
    expect((await searchAuditLog(h.db, demoOy, { person: "maija" })).rows.length).toBeGreaterThan(0);
    const message = await insertFailedMessage(h.db, {
      recipient: "maija@example.com",
      template: "PasswordChangedEmail",
      organizationId: maija.organizationId,
      userId: maija.id,
    });
    expect(await resendFailedMessage(h.db, liitto, { messageId: message.id }, ctx())).toEqual({
      ok: false,
      reason: "notFound",
    });
    expect(await resendFailedMessage(h.db, demoOy, { messageId: message.id }, ctx())).toEqual({
      ok: true,
      fresh: false,
    });
    expect((await h.db.select().from(outbox).where(eq(outbox.id, message.id)))[0]).toMatchObject({
      status: "pending",
      attempts: 0,
    });
  });
});

describe("the actions", () => {
  it("lock revokes sessions at once and unlock restores sign-in; every action audited with the acting administrator", async () => {
    const erik = await userRow("erik@example.com");
    const session = await createSession(h.db, { userId: erik.id, now: new Date(), times: sessionTimes });
    expect(await runUserAction(h.db, demoOy, { userId: erik.id, action: "lock" }, ctx())).toEqual({ ok: true });
    expect(await validateSession(h.db, session, new Date(), sessionTimes)).toBeNull();
    expect((await userRow("erik@example.com")).status).toBe("locked");
    expect(await runUserAction(h.db, demoOy, { userId: erik.id, action: "lock" }, ctx())).toEqual({
      ok: false,
      reason: "notApplicable",
    });
    expect(await runUserAction(h.db, demoOy, { userId: erik.id, action: "unlock" }, ctx())).toEqual({ ok: true });
    expect((await userRow("erik@example.com")).status).toBe("active");

    const second = await createSession(h.db, { userId: erik.id, now: new Date(), times: sessionTimes });
    expect(await runUserAction(h.db, demoOy, { userId: erik.id, action: "disable" }, ctx())).toEqual({ ok: true });
    expect(await validateSession(h.db, second, new Date(), sessionTimes)).toBeNull();
    expect(await runUserAction(h.db, demoOy, { userId: erik.id, action: "enable" }, ctx())).toEqual({ ok: true });
    expect(await runUserAction(h.db, demoOy, { userId: erik.id, action: "sendPasswordLink" }, ctx())).toEqual({
      ok: true,
    });
    expect(
      (
        await h.db
          .select()
          .from(outbox)
          .where(and(eq(outbox.recipient, "erik@example.com"), eq(outbox.template, "ResetLinkEmail")))
      ).length,
    ).toBe(1);
    expect(await runUserAction(h.db, demoOy, { userId: erik.id, action: "revokeSessions" }, ctx())).toEqual({
      ok: true,
    });

    const trail = await h.db.select().from(auditEvents).where(eq(auditEvents.subjectUserId, erik.id));
    const events = trail.filter((e) => e.event.startsWith("admin.")).map((e) => e.event);
    expect(events).toEqual([
      "admin.lock",
      "admin.unlock",
      "admin.disable",
      "admin.enable",
      "admin.sendPasswordLink",
      "admin.revokeSessions",
    ]);
    expect(
      trail
        .filter((e) => e.event.startsWith("admin."))
        .every((e) => e.actorUserId === demoOy.actorUserId && e.ip === "192.0.2.1"),
    ).toBe(true);
  });

  it("unlock clears a sign-in delay; resend activation only for the invited", async () => {
    const maija = await userRow("maija@example.com");
    await h.db
      .update(users)
      .set({ failedLoginCount: 7, loginBlockedUntil: new Date(Date.now() + 600_000) })
      .where(eq(users.id, maija.id));
    expect((await searchUsers(h.db, demoOy, { status: "locked" })).rows.map((r) => r.username)).toContain("maija");
    expect(await runUserAction(h.db, demoOy, { userId: maija.id, action: "unlock" }, ctx())).toEqual({ ok: true });
    expect(await userRow("maija@example.com")).toMatchObject({
      failedLoginCount: 0,
      loginBlockedUntil: null,
      status: "active",
    });
    expect(await runUserAction(h.db, demoOy, { userId: maija.id, action: "resendActivation" }, ctx())).toEqual({
      ok: false,
      reason: "notApplicable",
    });
    const uusi = await userRow("uusi@example.com");
    expect(await runUserAction(h.db, demoOy, { userId: uusi.id, action: "resendActivation" }, ctx())).toEqual({
      ok: true,
    });
    const [audit] = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectUserId, uusi.id), eq(auditEvents.event, "user.activation_resent")));
    expect(audit?.actorUserId).toBe(demoOy.actorUserId);
  });
});

describe("the organisation always keeps an active administrator", () => {
  it("the last one cannot be locked, disabled or demoted; with a second one, one can go", async () => {
    const admin = await userRow("admin@example.com");
    // An administrator cannot do these to themselves at all (admin-self.test.ts); the operator
    // (no acting administrator) meets the last-administrator rule.
    const operator = { organizationId: demoOy.organizationId, actorUserId: null };
    for (const action of ["lock", "disable", "makeMember"] as const) {
      expect(await runUserAction(h.db, operator, { userId: admin.id, action }, ctx())).toEqual({
        ok: false,
        reason: "lastAdmin",
      });
    }
    expect((await userRow("admin@example.com")).role).toBe("admin");
    const maija = await userRow("maija@example.com");
    expect(await runUserAction(h.db, demoOy, { userId: maija.id, action: "makeAdmin" }, ctx())).toEqual({ ok: true });
    // Both demote the other at the same moment: exactly one may succeed.
    const maijaScope = { ...demoOy, actorUserId: maija.id };
    const results = await Promise.all([
      runUserAction(h.db, demoOy, { userId: maija.id, action: "makeMember" }, ctx()),
      runUserAction(h.db, maijaScope, { userId: admin.id, action: "makeMember" }, ctx()),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "lastAdmin" }]);
    const admins = await h.db
      .select()
      .from(users)
      .where(and(eq(users.organizationId, demoOy.organizationId), eq(users.role, "admin"), eq(users.status, "active")));
    expect(admins).toHaveLength(1);
    // Restore the demo's shape for the tests after this one.
    const remaining = must(admins[0], "the remaining administrator");
    if (remaining.id !== admin.id) {
      await runUserAction(
        h.db,
        { ...demoOy, actorUserId: remaining.id },
        { userId: admin.id, action: "makeAdmin" },
        ctx(),
      );
      await runUserAction(h.db, demoOy, { userId: remaining.id, action: "makeMember" }, ctx());
    }
  });

  it("a locked or disabled administrator does not count", async () => {
    const org = await h.organization("200");
    const liittoAdmin = await userRow("liitto.admin@example.com");
    const jaana = await userRow("jasen@example.com");
    expect(await runUserAction(h.db, liitto, { userId: jaana.id, action: "makeAdmin" }, ctx())).toEqual({ ok: true });
    expect(await runUserAction(h.db, liitto, { userId: jaana.id, action: "disable" }, ctx())).toEqual({ ok: true });
    expect(
      await runUserAction(
        h.db,
        { organizationId: liitto.organizationId, actorUserId: null },
        { userId: liittoAdmin.id, action: "disable" },
        ctx(),
      ),
    ).toEqual({ ok: false, reason: "lastAdmin" });
    expect(org.licence).toBe("200");
  });
});

describe("the audit log", () => {
  it("filters by person, event and date; hostile filters are plain text or dropped", async () => {
    const all = await searchAuditLog(h.db, demoOy, {});
    expect(all.rows.length).toBeGreaterThan(0);
    expect(all.rows.every((r, i) => i === 0 || r.createdAt <= all.rows[i - 1]!.createdAt)).toBe(true);
    const locks = await searchAuditLog(h.db, demoOy, { event: "admin.lock" });
    expect(locks.rows.length).toBeGreaterThan(0);
    expect(locks.rows.every((r) => r.event === "admin.lock")).toBe(true);
    expect(locks.eventTypes).toContain("admin.lock");
    const today = new Date().toISOString().slice(0, 10);
    expect((await searchAuditLog(h.db, demoOy, { from: today, to: today })).rows.length).toBe(all.rows.length);
    expect((await searchAuditLog(h.db, demoOy, { to: "2000-01-01" })).rows).toEqual([]);
    const hostile = await searchAuditLog(h.db, demoOy, {
      person: "' OR 1=1 --",
      event: "x'; DROP TABLE users; --",
      from: "2026-13-45",
      to: "<b>",
      page: "-1",
    });
    expect(hostile.query).toMatchObject({ event: "", from: null, to: null, badDate: true, page: 1 });
    expect(hostile.rows).toEqual([]);
    expect((await searchAuditLog(h.db, demoOy, { person: "x".repeat(10_000) })).rows).toEqual([]);
  });
});
