import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, memberImports, outbox, users } from "@/lib/db/schema";
import { applyImport, loadImport } from "@/lib/flows/admin/member-import";
import { resendFailedMessage } from "@/lib/flows/admin/messages";
import type { AdminScope } from "@/lib/flows/admin/scope";
import { runUserAction, USER_ACTIONS } from "@/lib/flows/admin/user-actions";
import { loadUserForAdmin } from "@/lib/flows/admin/user-detail";
import { searchUsers, USER_STATUSES } from "@/lib/flows/admin/user-search";
import { unlinkExternalAccount } from "@/lib/flows/external/links";
import { isUuid } from "@/lib/validation/uuid";
import { seededTestDb } from "../helpers/db";
import { userByEmail } from "../helpers/fixtures";
import { insertFailedMessage } from "../helpers/members";

/**
 * Values from a URL, a form or a bound action argument that Postgres would refuse with an error
 * (a 500 to the visitor): they must read as "not found" (or be ignored) before any query. CI runs
 * this file on Postgres too, where postgres.js, unlike PGlite, cannot send a Date inside raw SQL.
 */
const h = seededTestDb();
let demoOy: AdminScope;
beforeAll(async () => {
  demoOy = await h.adminScope("admin@example.com", { ip: "192.0.2.1", userAgent: "vitest" });
});

// Only hex digits and dashes, 36 characters: the old check /^[0-9a-f-]{36}$/ let each of them through.
const NEAR_UUIDS = [
  "-".repeat(36),
  "0".repeat(36),
  "-a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1",
  "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1-",
  "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a1",
  "a0eebc999c0b4ef8bb6d6bb9bd380a11----",
];
const ctx = () => ({ now: new Date(), appOrigin: "https://tunnus.example" });
const audits = () => h.count(auditEvents);

describe("ids that are not UUIDs", () => {
  it("the UUID check accepts only the 8-4-4-4-12 form of hex digits", () => {
    expect(isUuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")).toBe(true);
    expect(isUuid("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")).toBe(true);
    for (const id of [
      ...NEAR_UUIDS,
      "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1g",
      "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
      "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\n",
      "",
      null,
      7,
    ]) {
      expect(isUuid(id), String(id)).toBe(false);
    }
  });

  it("an import page and its apply read them as not found and change nothing", async () => {
    const before = await audits();
    for (const id of NEAR_UUIDS) {
      expect(await loadImport(h.db, demoOy, id), id).toBeNull();
      expect(await applyImport(h.db, demoOy, { importId: id, sendActivations: true }, ctx()), id).toEqual({
        ok: false,
        reason: "notFound",
      });
    }
    expect(await h.db.select().from(memberImports)).toEqual([]);
    expect(await audits()).toBe(before);
  });

  it("sending a message again reads them as not found", async () => {
    const maija = await userByEmail(h.db, "maija@example.com");
    const failed = await insertFailedMessage(h.db, {
      recipient: "maija@example.com",
      template: "ActivationEmail",
      organizationId: maija.organizationId,
      userId: maija.id,
    });
    for (const id of NEAR_UUIDS)
      expect(await resendFailedMessage(h.db, demoOy, { messageId: id }, ctx()), id).toEqual({
        ok: false,
        reason: "notFound",
      });
    expect((await h.db.select().from(outbox).where(eq(outbox.id, failed.id)))[0]?.status).toBe("failed");
  });

  it("every administrator action on a user, and the user's page, read them as not found", async () => {
    const before = await audits();
    for (const id of NEAR_UUIDS) {
      expect(await loadUserForAdmin(h.db, demoOy, id), id).toBeNull();
      for (const action of USER_ACTIONS)
        expect(await runUserAction(h.db, demoOy, { userId: id, action }, ctx()), `${action} ${id}`).toEqual({
          ok: false,
          reason: "notFound",
        });
    }
    expect(await audits()).toBe(before);
    expect(await h.db.select({ n: count() }).from(outbox).where(eq(outbox.template, "ActivationEmail"))).toEqual([
      { n: 1 },
    ]);
  });

  it("removing a link to an outside account reads them as not found", async () => {
    const maija = await userByEmail(h.db, "maija@example.com");
    for (const id of NEAR_UUIDS) {
      expect(
        await unlinkExternalAccount(
          h.db,
          { userId: maija.id, accountId: id, enabledProviders: ["oidc"] },
          { now: new Date(), ip: "192.0.2.9", userAgent: "vitest" },
        ),
        id,
      ).toEqual({ ok: false, reason: "notFound" });
    }
  });
});

describe("the user list's status filter", () => {
  it("lists each status, a sign-in delay counting as locked, on either database", async () => {
    const erik = await userByEmail(h.db, "erik@example.com");
    const now = new Date();
    await h.db
      .update(users)
      .set({ loginBlockedUntil: new Date(now.getTime() + 60_000) })
      .where(eq(users.id, erik.id));
    const everyone = await h.db.select().from(users).where(eq(users.organizationId, demoOy.organizationId));
    const delayed = (u: (typeof everyone)[number]) =>
      u.status === "active" && u.loginBlockedUntil !== null && u.loginBlockedUntil > now;
    const expected = {
      active: everyone.filter((u) => u.status === "active" && !delayed(u)),
      locked: everyone.filter((u) => u.status === "locked" || delayed(u)),
      invited: everyone.filter((u) => u.status === "invited"),
      disabled: everyone.filter((u) => u.status === "disabled"),
    };
    expect(expected.active.length).toBeGreaterThan(0);
    expect(expected.locked.map((u) => u.id)).toContain(erik.id);
    for (const status of USER_STATUSES) {
      const found = await searchUsers(h.db, demoOy, { status }, now);
      expect(found.rows.map((r) => r.id).sort(), status).toEqual(expected[status].map((u) => u.id).sort());
      expect(found.total, status).toBe(expected[status].length);
    }
  });
});
