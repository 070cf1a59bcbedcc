import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createSession, validateSession } from "@/lib/session/sessions";
import { auditEvents, organizations, outbox, users } from "@/lib/db/schema";
import { DEMO_PASSWORD } from "@/lib/db/seed";
import { signInWithPassword } from "@/lib/flows/sign-in/login";
import { loadResetLink, orderResetLink, resetPasswordWithLink } from "@/lib/flows/password/reset-by-link";
import { seededTestDb } from "../helpers/db";
import {
  latestOutboxTo,
  loginContext,
  secretFromUrl,
  sessionTimes,
  userByEmail,
  accountsIn,
  messageTo,
  must,
} from "../helpers/fixtures";
import { insertMember } from "../helpers/members";

const h = seededTestDb();

let ipCounter = 0;
const ctx = (now = new Date()) => ({
  now,
  ip: `192.0.2.${++ipCounter}`,
  userAgent: "vitest",
  appOrigin: "https://tunnus.example",
});
const NEW_PASSWORD = "syksyn ensimmäinen lumi";
const linkFor = async (email: string, index = 0) => {
  const message = await messageTo(h.db, email);
  const account = must(accountsIn(message)[index], `account ${index} in the message`);
  return { identifier: account.identifier, secret: secretFromUrl(account.url), message };
};

describe("ordering a new-password link", () => {
  it("sends the membership number and a one-hour link; opening it spends nothing", async () => {
    expect(await orderResetLink(h.db, { email: "Jasen@Example.com" }, ctx())).toEqual({ ok: true, answer: "sent" });
    const { identifier, secret, message } = await linkFor("jasen@example.com");
    expect(identifier).toBe("10001");
    expect(message).toMatchObject({ template: "ResetLinkEmail", props: { expiresInMinutes: 60 } });
    for (let i = 0; i < 3; i++)
      expect(await loadResetLink(h.db, secret, new Date())).toMatchObject({ ok: true, identifier: "10001" });
    expect(await loadResetLink(h.db, secret, new Date(Date.now() + 3600_000 + 1000))).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("resets: the link dies, sessions end, the lock clears, a notice goes out", async () => {
    await orderResetLink(h.db, { email: "jasen@example.com" }, ctx());
    const { secret } = await linkFor("jasen@example.com");
    const jasen = await userByEmail(h.db, "jasen@example.com");
    const session = await createSession(h.db, { userId: jasen.id, now: new Date(), times: sessionTimes });
    await h.db
      .update(users)
      .set({ failedLoginCount: 7, loginBlockedUntil: new Date(Date.now() + 600_000) })
      .where(eq(users.id, jasen.id));

    expect(await resetPasswordWithLink(h.db, { secret, password: NEW_PASSWORD }, ctx())).toEqual({
      ok: true,
      identifier: "10001",
    });
    expect(await resetPasswordWithLink(h.db, { secret, password: "vielä yksi salasana" }, ctx())).toEqual({
      ok: false,
      reason: "link",
    });
    expect(await validateSession(h.db, session, new Date(), sessionTimes)).toBeNull();
    const after = await userByEmail(h.db, "jasen@example.com");
    expect(after).toMatchObject({ failedLoginCount: 0, loginBlockedUntil: null, status: "active" });
    expect(await latestOutboxTo(h.db, "jasen@example.com")).toMatchObject({
      template: "PasswordChangedEmail",
      props: { username: "10001" },
    });
    expect(
      await signInWithPassword(
        h.db,
        { identifier: "10001", password: NEW_PASSWORD },
        loginContext(new Date(), "198.51.100.50"),
      ),
    ).toMatchObject({ ok: true });
    expect(
      await signInWithPassword(
        h.db,
        { identifier: "10001", password: DEMO_PASSWORD },
        loginContext(new Date(), "198.51.100.50"),
      ),
    ).toEqual({ ok: false, reason: "invalid" });
  });

  it("sets the first password of a member who never had one, and activates the account", async () => {
    await orderResetLink(h.db, { email: "uusi.jasen@example.com" }, ctx());
    const { identifier, secret } = await linkFor("uusi.jasen@example.com");
    expect(identifier).toBe("10002");
    expect(await resetPasswordWithLink(h.db, { secret, password: NEW_PASSWORD }, ctx())).toMatchObject({ ok: true });
    expect((await userByEmail(h.db, "uusi.jasen@example.com")).status).toBe("active");
    expect(
      await signInWithPassword(
        h.db,
        { identifier: "10002", password: NEW_PASSWORD },
        loginContext(new Date(), "198.51.100.51"),
      ),
    ).toMatchObject({ ok: true });
  });

  it("16 simultaneous resets with one link: exactly one succeeds, one notice and one audit event", async () => {
    // A member of Demo-liitto ry, whose form "Tilaa uusi salasana" is (it reveals unknown accounts).
    const member = await insertMember(h.db, { licence: "200" });
    await orderResetLink(h.db, { email: member.email }, ctx());
    const { secret } = await linkFor(member.email);
    const erik = member.user;
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        resetPasswordWithLink(h.db, { secret, password: `rinnakkainen salasana ${i}` }, ctx()),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual(Array(15).fill({ ok: false, reason: "link" }));
    const notices = await h.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.userId, erik.id), eq(outbox.template, "PasswordChangedEmail")));
    expect(notices).toHaveLength(1);
    const audits = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectUserId, erik.id), eq(auditEvents.event, "password.reset")));
    expect(audits).toHaveLength(1);
  });

  it("applies the password policy and keeps the link usable after a refusal", async () => {
    const member = await insertMember(h.db, { licence: "200" });
    await orderResetLink(h.db, { email: member.email }, ctx());
    const { secret } = await linkFor(member.email);
    expect(await resetPasswordWithLink(h.db, { secret, password: "lyhyt" }, ctx())).toEqual({
      ok: false,
      reason: "password",
      problem: { code: "tooShort", min: 15 },
    });
    expect(await resetPasswordWithLink(h.db, { secret, password: "x".repeat(10_000) }, ctx())).toEqual({
      ok: false,
      reason: "password",
      problem: { code: "tooLong", max: 256 },
    });
    expect(await loadResetLink(h.db, secret, new Date())).toMatchObject({ ok: true });
  });

  it("answers the same for a known and an unknown address by default, and links every matching account", async () => {
    await h.db.update(organizations).set({ revealUnknownAccounts: false }).where(eq(organizations.licence, "200"));
    try {
      const known = await orderResetLink(h.db, { email: "maija@example.com" }, ctx());
      const unknown = await orderResetLink(h.db, { email: "nobody@example.com" }, ctx());
      expect(known).toEqual({ ok: true, answer: "generic" });
      expect(JSON.stringify(known)).toBe(JSON.stringify(unknown));
      // Without a revealing organisation the form is everybody's: one message names both accounts.
      const both = await insertMember(h.db, { licence: "123" });
      const shared = await insertMember(h.db, { licence: "200", email: both.email });
      expect(await orderResetLink(h.db, { email: both.email }, ctx())).toEqual({ ok: true, answer: "generic" });
      const accounts = (await messageTo(h.db, both.email)).props.accounts as { identifier: string }[];
      expect(accounts.map((a) => a.identifier).sort()).toEqual([both.identifier, shared.identifier].sort());
    } finally {
      await h.db.update(organizations).set({ revealUnknownAccounts: true }).where(eq(organizations.licence, "200"));
    }
  });

  it("the revealing organisation's form speaks and sends for its own accounts only, so its 'not found' is true", async () => {
    const notFound = {
      ok: true,
      answer: "notFound",
      supportEmail: "jasenasiat@demo-liitto.example",
      organizationName: "Demo-liitto ry",
    };
    // Unknown everywhere, and known only in Demo Oy (which did not opt in): the same answer, and
    // no link for the Demo Oy account (its member is pointed to "Unohtuiko salasana?").
    expect(await orderResetLink(h.db, { email: "nobody2@example.com" }, ctx())).toEqual(notFound);
    const outside = await insertMember(h.db, { licence: "123" });
    expect(await orderResetLink(h.db, { email: outside.email }, ctx())).toEqual(notFound);
    expect(await h.db.select().from(outbox).where(eq(outbox.recipient, outside.email))).toEqual([]);
    // Known in Demo-liitto ry: sent. Beside a Demo Oy account on the same address: sent, and the
    // message names the Demo-liitto ry account alone.
    const inside = await insertMember(h.db, { licence: "200" });
    expect(await orderResetLink(h.db, { email: inside.email }, ctx())).toEqual({ ok: true, answer: "sent" });
    const both = await insertMember(h.db, { licence: "123" });
    const shared = await insertMember(h.db, { licence: "200", email: both.email });
    expect(await orderResetLink(h.db, { email: both.email }, ctx())).toEqual({ ok: true, answer: "sent" });
    const accounts = (await messageTo(h.db, both.email)).props.accounts as { identifier: string }[];
    expect(accounts.map((a) => a.identifier)).toEqual([shared.identifier]);
  });

  it("limits requests per address and per IP, without revealing the account", async () => {
    const ip = "203.0.113.200";
    const at = (email: string) => orderResetLink(h.db, { email }, { ...ctx(), ip });
    for (let i = 0; i < 3; i++) expect((await at("limit@example.com")).ok).toBe(true);
    expect(await at("limit@example.com")).toEqual({ ok: false, reason: "rateLimited" });
    const count = (await h.db.select().from(outbox).where(eq(outbox.recipient, "limit@example.com"))).length;
    expect(count).toBe(0);
  });

  it("refuses empty, overlong and hostile addresses", async () => {
    for (const [email, reason] of [
      ["", "empty"],
      ["a".repeat(10_000), "tooLong"],
      ["<script>@x.fi", "invalid"],
      ["' OR 1=1 --", "invalid"],
    ] as const) {
      expect(await orderResetLink(h.db, { email }, ctx())).toEqual({ ok: false, reason });
    }
  });
});
