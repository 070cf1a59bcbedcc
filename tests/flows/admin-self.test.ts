import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession, validateSession } from "@/lib/session/sessions";
import { auditEvents, outbox, users } from "@/lib/db/schema";
import { resendFailedMessage } from "@/lib/flows/admin/messages";
import type { AdminScope } from "@/lib/flows/admin/scope";
import { runUserAction } from "@/lib/flows/admin/user-actions";
import { loadUserForAdmin } from "@/lib/flows/admin/user-detail";
import { createUser } from "@/lib/flows/admin/users";
import { seededTestDb } from "../helpers/db";
import { sessionTimes, userByEmail, must } from "../helpers/fixtures";
import { insertFailedMessage } from "../helpers/members";

/**
 * What an administrator may not do to themselves, where a password link may go, and what each
 * action leaves in the audit log.
 */
const h = seededTestDb();
let demoOy: AdminScope;
beforeAll(async () => {
  demoOy = await h.adminScope("admin@example.com", { ip: "192.0.2.9", userAgent: "vitest" });
});

const ctx = () => ({ now: new Date(), appOrigin: "https://tunnus.example" });
const auditOf = (subjectUserId: string, event: string) =>
  h.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectUserId, subjectUserId), eq(auditEvents.event, event)));
const resetLinksTo = (recipient: string) =>
  h.count(outbox, and(eq(outbox.recipient, recipient), eq(outbox.template, "ResetLinkEmail")));

describe("an administrator's own account", () => {
  it("lock, disable, sign out everywhere and demotion are refused by the flow, with nothing changed", async () => {
    const admin = await userByEmail(h.db, "admin@example.com");
    // A second active administrator, so that only the self rule can be what refuses.
    const maija = await userByEmail(h.db, "maija@example.com");
    await h.db.update(users).set({ role: "admin" }).where(eq(users.id, maija.id));
    const session = await createSession(h.db, { userId: admin.id, now: new Date(), times: sessionTimes });
    for (const action of ["lock", "disable", "revokeSessions", "makeMember"] as const) {
      expect(await runUserAction(h.db, demoOy, { userId: admin.id, action }, ctx()), action).toEqual({
        ok: false,
        reason: "self",
      });
    }
    expect(await userByEmail(h.db, "admin@example.com")).toEqual(admin);
    expect(await validateSession(h.db, session, new Date(), sessionTimes)).not.toBeNull();
    expect(await h.count(auditEvents, eq(auditEvents.subjectUserId, admin.id))).toBe(0);
    // The page offers what the flow allows.
    const page = must(await loadUserForAdmin(h.db, demoOy, admin.id), "the admin's own page");
    expect(page.actions.filter((a) => ["lock", "disable", "revokeSessions", "makeMember"].includes(a))).toEqual([]);
    // Another administrator may.
    expect((await loadUserForAdmin(h.db, { ...demoOy, actorUserId: maija.id }, admin.id))?.actions).toEqual(
      expect.arrayContaining(["lock", "disable", "revokeSessions", "makeMember"]),
    );
    await h.db.update(users).set({ role: "member" }).where(eq(users.id, maija.id));
  });
});

describe("send a password link", () => {
  it("goes only to a verified address; an unverified one is refused and nothing is sent", async () => {
    const erik = await userByEmail(h.db, "erik@example.com");
    await h.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, erik.id));
    expect(must(await loadUserForAdmin(h.db, demoOy, erik.id), "erik's page").actions).not.toContain(
      "sendPasswordLink",
    );
    expect(await runUserAction(h.db, demoOy, { userId: erik.id, action: "sendPasswordLink" }, ctx())).toEqual({
      ok: false,
      reason: "emailNotVerified",
    });
    expect(await resetLinksTo("erik@example.com")).toBe(0);
    await h.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, erik.id));
    expect(await runUserAction(h.db, demoOy, { userId: erik.id, action: "sendPasswordLink" }, ctx())).toEqual({
      ok: true,
    });
    expect(await resetLinksTo("erik@example.com")).toBe(1);
  });

  it("someone invited who never verified gets the activation again instead", async () => {
    const uusi = await userByEmail(h.db, "uusi@example.com");
    const { actions } = must(await loadUserForAdmin(h.db, demoOy, uusi.id), "uusi's page");
    expect(actions).toContain("resendActivation");
    expect(actions).not.toContain("sendPasswordLink");
    expect(await runUserAction(h.db, demoOy, { userId: uusi.id, action: "sendPasswordLink" }, ctx())).toEqual({
      ok: false,
      reason: "emailNotVerified",
    });
    expect(await resetLinksTo("uusi@example.com")).toBe(0);
  });
});

describe("audited with the acting administrator", () => {
  it("admin.makeAdmin and admin.makeMember", async () => {
    const erik = await userByEmail(h.db, "erik@example.com");
    expect(await runUserAction(h.db, demoOy, { userId: erik.id, action: "makeAdmin" }, ctx())).toEqual({ ok: true });
    expect(await runUserAction(h.db, demoOy, { userId: erik.id, action: "makeMember" }, ctx())).toEqual({ ok: true });
    for (const [event, role] of [
      ["admin.makeAdmin", "admin"],
      ["admin.makeMember", "member"],
    ] as const) {
      const rows = await auditOf(erik.id, event);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actorUserId: demoOy.actorUserId,
        organizationId: demoOy.organizationId,
        ip: "192.0.2.9",
        details: { role, organization: "123" },
      });
    }
    expect((await userByEmail(h.db, "erik@example.com")).role).toBe("member");
  });

  it("admin.resendMessage names the message's person and the administrator", async () => {
    const maija = await userByEmail(h.db, "maija@example.com");
    const failed = await insertFailedMessage(h.db, {
      channel: "sms",
      recipient: must(maija.phone, "maija's phone"),
      template: "UsernameReminderSms",
      attempts: 8,
      organizationId: maija.organizationId,
      userId: maija.id,
    });
    expect(await resendFailedMessage(h.db, demoOy, { messageId: failed.id }, ctx())).toEqual({
      ok: true,
      fresh: false,
    });
    const rows = await auditOf(maija.id, "admin.resendMessage");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorUserId: demoOy.actorUserId,
      details: { template: "UsernameReminderSms", channel: "sms" },
    });
  });

  it("user.created by an administrator (the /admin create path passes the administrator as actor)", async () => {
    const created = await createUser(
      h.db,
      { licence: "123", identifier: "hallinnosta", email: "hallinnosta@example.com" },
      { ...ctx(), actor: { userId: demoOy.actorUserId, ip: demoOy.ip, userAgent: demoOy.userAgent } },
    );
    if (!created.ok) throw new Error("not created");
    const rows = await auditOf(created.userId, "user.created");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorUserId: demoOy.actorUserId,
      organizationId: demoOy.organizationId,
      ip: "192.0.2.9",
      userAgent: "vitest",
      details: { by: "admin", role: "member" },
    });
  });
});

describe("the user page's loader", () => {
  it("returns the recent messages with their delivery status, the verified flags and the last sign-in", async () => {
    const maija = await userByEmail(h.db, "maija@example.com");
    const erik = await userByEmail(h.db, "erik@example.com");
    const lastLogin = new Date("2026-03-04T05:06:07Z");
    await h.db.update(users).set({ lastLoginAt: lastLogin }).where(eq(users.id, maija.id));
    const base = {
      channel: "email" as const,
      recipient: "maija@example.com",
      language: "fi" as const,
      props: {},
      organizationId: maija.organizationId,
      userId: maija.id,
    };
    const t0 = Date.now();
    await h.db.insert(outbox).values([
      {
        ...base,
        template: "ActivationEmail",
        status: "sent",
        createdAt: new Date(t0 - 3000),
        sentAt: new Date(t0 - 2900),
      },
      { ...base, template: "ResetLinkEmail", status: "failed", attempts: 8, createdAt: new Date(t0 - 2000) },
      { ...base, template: "PasswordChangedEmail", status: "pending", createdAt: new Date(t0 - 1000) },
      // Someone else's message never shows on Maija's page.
      {
        ...base,
        recipient: "erik@example.com",
        userId: erik.id,
        template: "ResetLinkEmail",
        status: "failed",
        createdAt: new Date(t0),
      },
    ]);
    const detail = must(await loadUserForAdmin(h.db, demoOy, maija.id), "maija's page");
    // Newest first (the SMS sent again above is Maija's too).
    expect(detail.messages.filter((m) => m.channel === "email").map((m) => [m.template, m.status])).toEqual([
      ["PasswordChangedEmail", "pending"],
      ["ResetLinkEmail", "failed"],
      ["ActivationEmail", "sent"],
    ]);
    expect(detail.messages.every((m) => m.recipient === maija.email || m.recipient === maija.phone)).toBe(true);
    expect(detail.user.emailVerifiedAt).toBeInstanceOf(Date);
    expect(detail.user.phoneVerifiedAt).toBeInstanceOf(Date);
    expect(detail.user.lastLoginAt).toEqual(lastLogin);
    const uusi = must(
      await loadUserForAdmin(h.db, demoOy, (await userByEmail(h.db, "uusi@example.com")).id),
      "uusi's page",
    );
    expect(uusi.user).toMatchObject({ emailVerifiedAt: null, phoneVerifiedAt: null, lastLoginAt: null });
  });
});
