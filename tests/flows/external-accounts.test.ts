import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/password/hash";
import { createSession, revokeSession, validateSession } from "@/lib/session/sessions";
import { accounts, auditEvents, sessions, users } from "@/lib/db/schema";
import { createUser } from "@/lib/flows/admin/users";
import { linkExternalAccount, listExternalAccounts } from "@/lib/flows/external/links";
import { signInWithExternalAccount } from "@/lib/flows/external/sign-in";
import { seededTestDb } from "../helpers/db";
import { sessionTimes, firstOf } from "../helpers/fixtures";

const h = seededTestDb();

let n = 0;
const ctx = (now = new Date()) => ({ now, ip: `198.51.100.${(++n % 250) + 1}`, userAgent: "vitest" });
const outside = (id: string, provider = "oidc", label: string | null = `${id}@idp.example`) => ({
  provider,
  providerAccountId: id,
  label,
});

/** An active member (with a password unless told otherwise) and a fresh session of theirs. */
async function member(opts: { password?: boolean } = {}) {
  const name = `ulko${++n}`;
  const created = await createUser(
    h.db,
    { licence: "123", identifier: name, email: `${name}@example.com` },
    { now: new Date(), actor: { userId: null }, appOrigin: "https://x" },
  );
  if (!created.ok) throw new Error("createUser");
  const passwordHash = opts.password === false ? null : await hashPassword("pitkä salasana joka riittää");
  await h.db.update(users).set({ status: "active", passwordHash }).where(eq(users.id, created.userId));
  const sessionId = await createSession(h.db, { userId: created.userId, now: new Date(), times: sessionTimes });
  return { userId: created.userId, sessionId };
}
const countUsers = () => h.count(users);
const link = (m: { userId: string; sessionId: string }, o: ReturnType<typeof outside>) =>
  linkExternalAccount(h.db, { userId: m.userId, sessionId: m.sessionId, outside: o, sessionTimes }, ctx());
const events = async (userId: string, event: string) =>
  h.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectUserId, userId), eq(auditEvents.event, event)));

describe("linking an outside account", () => {
  it("links it to the person whose session asked, once, and audits it", async () => {
    const m = await member();
    expect(await link(m, outside("sub-a"))).toEqual({ ok: true, provider: "oidc" });
    expect(await listExternalAccounts(h.db, m.userId)).toMatchObject([
      { provider: "oidc", label: "sub-a@idp.example" },
    ]);
    expect(await events(m.userId, "external.linked")).toHaveLength(1);
    expect(await link(m, outside("sub-a"))).toEqual({ ok: false, reason: "alreadyLinked" });
  });

  it("refuses an outside account that is already another person's, and leaves it theirs", async () => {
    const first = await member();
    const second = await member();
    expect((await link(first, outside("sub-b"))).ok).toBe(true);
    expect(await link(second, outside("sub-b"))).toEqual({ ok: false, reason: "linkedToOther" });
    expect(await listExternalAccounts(h.db, second.userId)).toEqual([]);
    const row = await firstOf(h.db.select().from(accounts).where(eq(accounts.providerAccountId, "sub-b")), "the link");
    expect(row.userId).toBe(first.userId);
  });

  it("allows one outside account per provider per person, and one of each provider", async () => {
    const m = await member();
    expect((await link(m, outside("sub-c1"))).ok).toBe(true);
    expect(await link(m, outside("sub-c2"))).toEqual({ ok: false, reason: "providerTaken" });
    expect((await link(m, outside("google-c", "google"))).ok).toBe(true);
    expect((await listExternalAccounts(h.db, m.userId)).map((a) => a.provider).sort()).toEqual(["google", "oidc"]);
  });

  it("needs the asking session to be active and the person's own", async () => {
    const m = await member();
    const other = await member();
    // An intent naming someone else's session links nothing.
    expect(
      await linkExternalAccount(
        h.db,
        { userId: m.userId, sessionId: other.sessionId, outside: outside("sub-d"), sessionTimes },
        ctx(),
      ),
    ).toEqual({
      ok: false,
      reason: "sessionEnded",
    });
    await revokeSession(h.db, m.sessionId, new Date());
    expect(await link(m, outside("sub-d"))).toEqual({ ok: false, reason: "sessionEnded" });
    expect(await h.db.select().from(accounts).where(eq(accounts.providerAccountId, "sub-d"))).toEqual([]);
  });

  it("of two people linking the same outside account at once, exactly one wins", async () => {
    const people = await Promise.all(Array.from({ length: 8 }, () => member()));
    const results = await Promise.all(people.map((p) => link(p, outside("sub-race"))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === "linkedToOther")).toBe(true);
  });

  it("stores a hostile or overlong label only as harmless text, and refuses an empty or overlong id", async () => {
    const m = await member();
    const hostile = `<script>alert(1)</script>'; DROP TABLE users;--\u0000\u001b[31m${"x".repeat(10_000)}`;
    expect((await link(m, outside("sub-e", "oidc", hostile))).ok).toBe(true);
    const stored = await firstOf(listExternalAccounts(h.db, m.userId), "the stored link");
    expect(stored.label?.length).toBeLessThanOrEqual(200);
    expect(stored.label).not.toMatch(/[\u0000-\u001f]/);
    expect(stored.label?.startsWith("<script>alert(1)</script>'; DROP TABLE users;--")).toBe(true);
    const other = await member();
    expect(await link(other, outside(""))).toEqual({ ok: false, reason: "invalid" });
    expect(await link(other, outside("x".repeat(10_000)))).toEqual({ ok: false, reason: "invalid" });
    expect(await listExternalAccounts(h.db, other.userId)).toEqual([]);
  });
});

describe("signing in through a provider", () => {
  it("a linked outside account opens a session row and is audited like a password sign-in", async () => {
    const m = await member();
    await link(m, outside("sub-i"));
    const result = await signInWithExternalAccount(h.db, { outside: outside("sub-i"), sessionTimes }, ctx());
    expect(result).toMatchObject({ ok: true, userId: m.userId, language: "fi" });
    if (!result.ok) throw new Error("sign-in");
    expect(await validateSession(h.db, result.sessionId, new Date(), sessionTimes)).toEqual({
      sessionId: result.sessionId,
      userId: m.userId,
    });
    const row = await firstOf(h.db.select().from(sessions).where(eq(sessions.id, result.sessionId)), "the session");
    expect(row.method).toBe("oidc");
    const audits = await events(m.userId, "login.succeeded");
    expect(audits.at(-1)?.details).toEqual({ method: "oidc" });
  });

  it("an outside account nobody linked creates no account, joins none and opens no session", async () => {
    const usersBefore = await countUsers();
    const sessionsBefore = (await h.db.select().from(sessions)).length;
    expect(await signInWithExternalAccount(h.db, { outside: outside("sub-nobody"), sessionTimes }, ctx())).toEqual({
      ok: false,
      reason: "notLinked",
    });
    expect(await countUsers()).toBe(usersBefore);
    expect((await h.db.select().from(sessions)).length).toBe(sessionsBefore);
    expect(await h.db.select().from(accounts).where(eq(accounts.providerAccountId, "sub-nobody"))).toEqual([]);
  });

  it("a disabled or locked person is refused even with a linked outside account", async () => {
    const m = await member();
    await link(m, outside("sub-j"));
    for (const status of ["disabled", "locked"] as const) {
      await h.db.update(users).set({ status }).where(eq(users.id, m.userId));
      expect(await signInWithExternalAccount(h.db, { outside: outside("sub-j"), sessionTimes }, ctx())).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    // only the one from member()
    expect((await h.db.select().from(sessions).where(eq(sessions.userId, m.userId))).length).toBe(1);
  });

  it("counts against the per-IP sign-in limit", async () => {
    const m = await member();
    await link(m, outside("sub-k"));
    const ip = "203.0.113.250";
    const results = [];
    for (let i = 0; i < 31; i++)
      results.push(
        await signInWithExternalAccount(
          h.db,
          { outside: outside("sub-k"), sessionTimes },
          { now: new Date(), ip, userAgent: null },
        ),
      );
    expect(results.slice(0, 30).every((r) => r.ok)).toBe(true);
    expect(results[30]).toEqual({ ok: false, reason: "rateLimited" });
  });
});
