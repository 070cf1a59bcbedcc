import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit";
import { outbox, users } from "@/lib/db/schema";
import type { AdminScope } from "@/lib/flows/admin/scope";
import { runUserAction } from "@/lib/flows/admin/user-actions";
import { loadAdminUserPage } from "@/lib/flows/admin/user-detail";
import { loadUsersPage } from "@/lib/flows/admin/user-search";
import { seededTestDb } from "../helpers/db";
import { userByEmail } from "../helpers/fixtures";
import { insertMember } from "../helpers/members";

/** The view models of /admin and /admin/users/[id]: what each page shows, decided in one loader. */
const h = seededTestDb();
let demoOy: AdminScope;
let liitto: AdminScope;
beforeAll(async () => {
  demoOy = await h.adminScope("admin@example.com", { ip: "192.0.2.9", userAgent: "vitest" });
  liitto = await h.adminScope("liitto.admin@example.com", { ip: "192.0.2.9", userAgent: "x" });
});

/** A message of `userId`'s that failed for good, `minutesAgo`. */
async function failedMessage(user: { id: string; organizationId: string; email: string | null }, template: string) {
  const [row] = await h.db
    .insert(outbox)
    .values({
      channel: template.endsWith("Sms") ? "sms" : "email",
      recipient: user.email ?? "+358401110009",
      template,
      language: "fi",
      props: {},
      organizationId: user.organizationId,
      userId: user.id,
      status: "failed",
      attempts: 8,
    })
    .returning({ id: outbox.id });
  return row!.id;
}

describe("loadAdminUserPage", () => {
  it("is null for anyone outside the administrator's organisation, and for a malformed id", async () => {
    const maija = await userByEmail(h.db, "maija@example.com");
    expect(await loadAdminUserPage(h.db, liitto, maija.id, {})).toBeNull();
    expect(await loadAdminUserPage(h.db, demoOy, "not-a-uuid", {})).toBeNull();
  });

  it("asks to confirm only an action the page offers", async () => {
    const { user } = await insertMember(h.db);
    const page = (confirm?: string) => loadAdminUserPage(h.db, demoOy, user.id, { confirm });
    expect((await page("lock"))!.confirmation).toEqual({ kind: "action", action: "lock" });
    expect((await page())!.confirmation).toBeNull();
    // An active account is not offered "enable"; nor is anything the flow does not know.
    expect((await page("enable"))!.confirmation).toBeNull();
    expect((await page("dropTables"))!.confirmation).toBeNull();
    // Nor what an administrator may not do to their own account.
    const own = await loadAdminUserPage(h.db, demoOy, demoOy.actorUserId!, { confirm: "lock" });
    expect(own!.confirmation).toBeNull();
  });

  it("asks to confirm sending again only a failed message of this person's that can be sent again", async () => {
    const { user } = await insertMember(h.db);
    const other = await insertMember(h.db);
    const notice = await failedMessage(user, "PasswordChangedEmail");
    const link = await failedMessage(user, "ResetLinkEmail");
    const code = await failedMessage(user, "ResetCodeSms");
    const theirs = await failedMessage(other.user, "PasswordChangedEmail");
    const page = (message?: string) => loadAdminUserPage(h.db, demoOy, user.id, { confirm: "resendMessage", message });
    // The same message again, or a new one with a new link in its place.
    expect((await page(notice))!.confirmation).toEqual({
      kind: "resendMessage",
      action: "resendMessage",
      messageId: notice,
      fresh: false,
    });
    expect((await page(link))!.confirmation).toMatchObject({ messageId: link, fresh: true });
    // A code is not sent again (the page says why), another person's message is not on this page.
    expect((await page(code))!.confirmation).toBeNull();
    expect((await page(theirs))!.confirmation).toBeNull();
    expect((await page())!.confirmation).toBeNull();
    // Once sent again it is no longer failed.
    await h.db.update(outbox).set({ status: "pending" }).where(eq(outbox.id, notice));
    expect((await page(notice))!.confirmation).toBeNull();
  });

  it("names only outcomes there are", async () => {
    const { user } = await insertMember(h.db);
    const page = (ask: Record<string, string>) => loadAdminUserPage(h.db, demoOy, user.id, ask);
    expect(await page({ done: "lock", created: "1" })).toMatchObject({ done: "lock", failed: null, created: true });
    expect(await page({ done: "resendMessageFresh" })).toMatchObject({ done: "resendMessageFresh", created: false });
    expect(await page({ failed: "lastAdmin" })).toMatchObject({ done: null, failed: "lastAdmin" });
    expect(await page({ failed: "askForNewCode" })).toMatchObject({ failed: "askForNewCode" });
    // A repeated parameter arrives as an array.
    const repeated = ["lastAdmin"] as unknown as string;
    expect(await page({ done: repeated, failed: repeated, confirm: repeated })).toMatchObject({
      done: null,
      failed: null,
      confirmation: null,
    });
    for (const made of ["bogus", "toString", "constructor", "__proto__"])
      expect(await page({ done: made, failed: made, created: made }), made).toMatchObject({
        done: null,
        failed: null,
        created: false,
      });
  });

  it("says who did each thing in the trail: the administrator by name, else the operator, the system or the person", async () => {
    const { user } = await insertMember(h.db);
    const subject = { organizationId: user.organizationId, subjectUserId: user.id };
    await recordAudit(h.db, { ...subject, event: "user.created" });
    await recordAudit(h.db, { ...subject, event: "admin.unlock" });
    await recordAudit(h.db, { ...subject, event: "message.failed" });
    await recordAudit(h.db, { ...subject, event: "login.failed" });
    expect(
      (
        await runUserAction(
          h.db,
          demoOy,
          { userId: user.id, action: "lock" },
          { now: new Date(), appOrigin: "https://x" },
        )
      ).ok,
    ).toBe(true);
    const page = await loadAdminUserPage(h.db, demoOy, user.id, {});
    const by = Object.fromEntries(page!.trail.map((e) => [e.event, e.by]));
    expect(by).toEqual({
      "user.created": "operator",
      "admin.unlock": "operator",
      "message.failed": "system",
      "login.failed": "self",
      "admin.lock": { name: "Aino Ylläpitäjä" },
    });
  });
});

describe("loadUsersPage", () => {
  it("shows an active account whose sign-in is delayed as delayed, and no notice without failed messages", async () => {
    const delayed = await insertMember(h.db, { displayName: "Viivi Viivästetty" });
    const now = new Date();
    await h.db
      .update(users)
      .set({ loginBlockedUntil: new Date(now.getTime() + 60_000) })
      .where(eq(users.id, delayed.user.id));
    const page = await loadUsersPage(h.db, demoOy, { q: "Viivi" }, now);
    expect(page.query).toMatchObject({ q: "Viivi", status: null, sort: "name", dir: "asc", page: 1 });
    expect(page.rows.map((r) => [r.id, r.status, r.shownStatus])).toEqual([[delayed.user.id, "active", "delayed"]]);
    expect(page).toMatchObject({ total: 1, pages: 1 });
    // Once the delay is over it is active again.
    const later = await loadUsersPage(h.db, demoOy, { q: "Viivi" }, new Date(now.getTime() + 120_000));
    expect(later.rows[0]!.shownStatus).toBe("active");
    expect((await loadUsersPage(h.db, liitto, {}, now)).failed).toEqual({ count: 0, people: [], more: false });
  });

  it("names the people whose messages failed, and says when there are more than it names", async () => {
    const maija = await userByEmail(h.db, "maija@example.com");
    const before = (await loadUsersPage(h.db, demoOy, {})).failed;
    await failedMessage(maija, "PasswordChangedEmail");
    const one = (await loadUsersPage(h.db, demoOy, {})).failed;
    expect(one.count).toBe(before.count + 1);
    expect(one.people[0]).toEqual({ userId: maija.id, name: "Maija Meikäläinen", messages: 1 });
    // Five people are named; a sixth's message makes the notice say there are more.
    for (let i = 0; i < 5; i++) await failedMessage((await insertMember(h.db)).user, "PasswordChangedEmail");
    const many = (await loadUsersPage(h.db, demoOy, {})).failed;
    expect(many.people).toHaveLength(5);
    expect(many.more).toBe(true);
  });
});
