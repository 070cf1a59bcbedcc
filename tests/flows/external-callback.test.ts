import type { Account, User } from "next-auth";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { accounts, sessions, users } from "@/lib/db/schema";
import { withCallbackCookies } from "@/lib/session/callback-cookies";
import { handleExternalSignIn } from "@/lib/auth/external-callback";
import { encodeLinkIntent, LINK_INTENT_TTL_SECONDS } from "@/lib/session/link-intent";
import { revokeSession } from "@/lib/session/sessions";
import { linkExternalAccount, listExternalAccounts } from "@/lib/flows/external/links";
import { seededTestDb } from "../helpers/db";
import { sessionTimes, firstOf, must } from "../helpers/fixtures";
import { activeMember } from "../helpers/members";

// The callback reads the request's cookies and headers through Next, and the database through getDb().
const request = vi.hoisted(() => {
  process.env.AUTH_SECRET = "callback-test-secret-".padEnd(40, "x");
  return { cookies: new Map<string, string>(), db: undefined as unknown };
});
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
  }),
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.80", "user-agent": "vitest" }),
}));
vi.mock("@/lib/db/client", async (original) => ({
  ...(await original<typeof import("@/lib/db/client")>()),
  getDb: async () => request.db,
}));

const h = seededTestDb();
beforeAll(() => {
  request.db = h.db;
});

const INTENT = "tunnus.link-intent";
type Member = Awaited<ReturnType<typeof activeMember>>;
let n = 0;
const ctx = () => ({ now: new Date(), ip: `198.51.100.${++n}`, userAgent: "vitest" });

/** The provider's callback for `sub`, with the link intent `intent` (if any) in the browser's cookies. */
async function callback(provider: string, sub: string, intent?: string) {
  request.cookies.clear();
  if (intent) request.cookies.set(INTENT, intent);
  const user: User = { id: `profile-${sub}`, email: `${sub}@idp.example`, name: "Testi" };
  const account = { provider, providerAccountId: sub, type: "oidc" } as Account;
  let result: true | string = "";
  const response = await withCallbackCookies(async () => {
    result = await handleExternalSignIn({ user, account, profile: { email: `${sub}@idp.example` } });
    return new Response(null, { status: 302 });
  });
  return { result, user, setCookies: response.headers.getSetCookie() };
}
const intentFor = (m: Member, provider = "oidc", expiresInMs = LINK_INTENT_TTL_SECONDS * 1000) =>
  encodeLinkIntent(
    { userId: m.user.id, sessionId: m.sessionId, provider, expiresAt: Date.now() + expiresInMs },
    must(process.env.AUTH_SECRET, "AUTH_SECRET"),
  );
const linkTo = (m: Member, provider: string, sub: string) =>
  linkExternalAccount(
    h.db,
    { userId: m.user.id, sessionId: m.sessionId, outside: { provider, providerAccountId: sub }, sessionTimes },
    ctx(),
  );
const sessionsOf = (m: Member) => h.db.select().from(sessions).where(eq(sessions.userId, m.user.id));
const intentCleared = (setCookies: string[]) =>
  setCookies.some((c) => c.startsWith(`${INTENT}=;`) && c.includes("Max-Age=0"));

describe("the provider's callback", () => {
  it("with a fresh intent, links the outside account to the asking person and opens no session", async () => {
    const m = await activeMember(h.db);
    const { result, user, setCookies } = await callback("oidc", "cb-link", intentFor(m));
    expect(result).toBe("/account?external=linked#external");
    expect(intentCleared(setCookies)).toBe(true);
    expect(user.sessionId).toBeUndefined();
    expect((await listExternalAccounts(h.db, m.user.id)).map((a) => a.provider)).toEqual(["oidc"]);
    expect(await sessionsOf(m)).toHaveLength(1);
  });

  it("with an expired intent links nothing: an unlinked outside account gets the explanation page", async () => {
    const m = await activeMember(h.db);
    const { result, setCookies } = await callback("oidc", "cb-stale", intentFor(m, "oidc", -1000));
    expect(result).toBe("/login/not-linked?provider=oidc");
    expect(intentCleared(setCookies)).toBe(true);
    expect(await h.db.select().from(accounts).where(eq(accounts.providerAccountId, "cb-stale"))).toEqual([]);
  });

  it("with an expired intent, a linked outside account signs its own person in", async () => {
    const asker = await activeMember(h.db);
    const owner = await activeMember(h.db);
    await linkTo(owner, "oidc", "cb-stale-owner");
    const { result, user } = await callback("oidc", "cb-stale-owner", intentFor(asker, "oidc", -1000));
    expect(result).toBe(true);
    expect(user.id).toBe(owner.user.id);
    const opened = (await sessionsOf(owner)).find((s) => s.id === user.sessionId);
    expect(opened).toMatchObject({ method: "oidc", revokedAt: null });
    expect(await listExternalAccounts(h.db, asker.user.id)).toEqual([]);
  });

  it("with an intent for another provider, goes on as a normal sign-in and links nothing", async () => {
    const m = await activeMember(h.db);
    await linkTo(m, "oidc", "cb-other-provider");
    const { result, user, setCookies } = await callback("oidc", "cb-other-provider", intentFor(m, "google"));
    expect(result).toBe(true);
    expect(user.id).toBe(m.user.id);
    expect(intentCleared(setCookies)).toBe(true);
    expect((await listExternalAccounts(h.db, m.user.id)).map((a) => a.provider)).toEqual(["oidc"]);
    expect(await sessionsOf(m)).toHaveLength(2);
  });

  it("with an intent whose session has ended, links nothing and goes on as a sign-in", async () => {
    const m = await activeMember(h.db);
    await revokeSession(h.db, m.sessionId, new Date());
    const { result } = await callback("oidc", "cb-ended", intentFor(m));
    expect(result).toBe("/login/not-linked?provider=oidc");
    expect(await listExternalAccounts(h.db, m.user.id)).toEqual([]);
  });

  it("an outside account already linked to someone else stays theirs; the asker is told; nobody is signed in", async () => {
    const asker = await activeMember(h.db);
    const owner = await activeMember(h.db);
    await linkTo(owner, "oidc", "cb-taken");
    const { result, user } = await callback("oidc", "cb-taken", intentFor(asker));
    expect(result).toBe("/account?external=linkedToOther#external");
    expect(user.sessionId).toBeUndefined();
    expect(await listExternalAccounts(h.db, asker.user.id)).toEqual([]);
    const row = await firstOf(
      h.db.select().from(accounts).where(eq(accounts.providerAccountId, "cb-taken")),
      "the link",
    );
    expect(row.userId).toBe(owner.user.id);
    expect(await sessionsOf(owner)).toHaveLength(1);
    expect(await sessionsOf(asker)).toHaveLength(1);
  });

  it("without an intent, a forged one or for a person no longer active: no link, no session", async () => {
    const m = await activeMember(h.db);
    await linkTo(m, "oidc", "cb-forged");
    const forged = intentFor(m).replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    const { result, user } = await callback("oidc", "cb-nobody", forged);
    expect(result).toBe("/login/not-linked?provider=oidc");
    expect(user.sessionId).toBeUndefined();
    await h.db.update(users).set({ status: "disabled" }).where(eq(users.id, m.user.id));
    expect((await callback("oidc", "cb-forged")).result).toBe("/login?error=external");
    expect(await sessionsOf(m)).toHaveLength(1);
  });
});
