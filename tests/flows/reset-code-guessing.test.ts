import { and, eq, like, or } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, oneTimeTokens, outbox, rateLimits, users } from "@/lib/db/schema";
import { runUserAction } from "@/lib/flows/admin/user-actions";
import { loadUserForAdmin } from "@/lib/flows/admin/user-detail";
import { requestResetCode, resetPasswordWithCode } from "@/lib/flows/password/reset-by-code";
import { orderResetLink, resetPasswordWithLink } from "@/lib/flows/password/reset-by-link";
import { seededTestDb } from "../helpers/db";
import { secretFromUrl, codeSentTo, firstOf, messageTo, must } from "../helpers/fixtures";
import { insertMember, outboxOf, userById } from "../helpers/members";

/**
 * Guessing a reset code over days. Every limit counts per account, whatever form of the
 * identifier was typed; at most 10 codes a day go out for one account; and after 20 wrong codes
 * in a row, across codes, recovery by code stops until the person uses a reset link or an
 * administrator unlocks it. So a guesser gets at most 20 tries at a one-in-a-million code before
 * the member is told and someone acts.
 */
const h = seededTestDb();

let ip = 0;
const start = Date.now();
/** The flow's clock, moved by hand: each request a minute and a second after the last. */
let minutes = 0;
const later = () => new Date(start + ++minutes * 61_000);
const ctx = (now = later()) => ({
  now,
  ip: `192.0.2.${++ip}`,
  userAgent: "vitest",
  appOrigin: "https://tunnus.example",
});
const GOOD = "talven pitkä pimeä aika";
const codeTo = (to: string) => codeSentTo(h.db, to);
const otherThan = (code: string) => (code === "000000" ? "111111" : "000000");
const codesSentTo = async (userId: string) =>
  (await outboxOf(h.db, userId)).filter((m) => m.template === "ResetCodeEmail");

/** The 15-minute limits count on the wall clock; between rounds, their windows are let pass. */
const fifteenMinutesPass = () =>
  h.db.delete(rateLimits).where(or(like(rateLimits.key, "recoveryPer%"), like(rateLimits.key, "resetCodeCheckPer%")));

describe("every recovery limit counts per account", () => {
  it("`name`, `name@licence` and `NAME@licence` share the request step's limit of 3 per 15 minutes", async () => {
    const member = await insertMember(h.db, { licence: "200" });
    const bare = must(member.user.username, "a username");
    for (const identifier of [bare, member.identifier, `${bare.toUpperCase()}@200`])
      expect(await requestResetCode(h.db, { identifier, channel: "email" }, ctx())).toEqual({ ok: true });
    expect(await requestResetCode(h.db, { identifier: bare, channel: "email" }, ctx())).toEqual({
      ok: false,
      reason: "rateLimited",
    });
    expect(await codesSentTo(member.user.id)).toHaveLength(3);
    // A name nobody has counts the same way under its canonical form.
    for (const identifier of ["haamu", "haamu@200", "HAAMU@200"])
      expect(await requestResetCode(h.db, { identifier, channel: "email" }, ctx())).toEqual({ ok: true });
    expect(await requestResetCode(h.db, { identifier: "Haamu", channel: "email" }, ctx())).toEqual({
      ok: false,
      reason: "rateLimited",
    });
  });

  it("at most 10 codes per account in 24 hours: the 11th ask is refused alike for a known and an unknown name, and sends nothing", async () => {
    const member = await insertMember(h.db, { licence: "200" });
    const first = later();
    for (let i = 0; i < 10; i++) {
      await fifteenMinutesPass();
      const now = new Date(first.getTime() + i * 61_000);
      expect(
        await requestResetCode(
          h.db,
          { identifier: i % 2 ? must(member.user.username, "a username") : member.identifier, channel: "email" },
          ctx(now),
        ),
      ).toEqual({ ok: true });
      expect(
        await requestResetCode(h.db, { identifier: i % 2 ? "aave" : "aave@200", channel: "email" }, ctx(now)),
      ).toEqual({ ok: true });
    }
    await fifteenMinutesPass();
    const eleventh = new Date(first.getTime() + 10 * 61_000);
    const capped = { ok: false, reason: "dailyCap", retryAfterSeconds: 24 * 3600 - 10 * 61 };
    expect(await requestResetCode(h.db, { identifier: member.identifier, channel: "email" }, ctx(eleventh))).toEqual(
      capped,
    );
    expect(await requestResetCode(h.db, { identifier: "aave", channel: "email" }, ctx(eleventh))).toEqual(capped);
    expect(await codesSentTo(member.user.id)).toHaveLength(10);
    // A day after the first, codes go out again.
    await fifteenMinutesPass();
    expect(
      await requestResetCode(
        h.db,
        { identifier: member.identifier, channel: "email" },
        ctx(new Date(first.getTime() + 24 * 3600_000)),
      ),
    ).toEqual({ ok: true });
    expect(await codesSentTo(member.user.id)).toHaveLength(11);
  });
});

describe("20 wrong codes in a row pause recovery by code", () => {
  /** Rounds of (a new code, `wrong` wrong tries at it); returns the last code. */
  async function guess(member: Awaited<ReturnType<typeof insertMember>>, rounds: number, wrong: number) {
    let code = "";
    for (let r = 0; r < rounds; r++) {
      await fifteenMinutesPass();
      await requestResetCode(h.db, { identifier: member.identifier, channel: "email" }, ctx());
      code = await codeTo(member.email);
      for (let i = 0; i < wrong; i++) {
        expect(
          await resetPasswordWithCode(
            h.db,
            { identifier: member.identifier, code: otherThan(code), password: GOOD, repeat: GOOD },
            ctx(),
          ),
        ).toEqual({ ok: false, reason: "codeWrong" });
      }
    }
    return code;
  }
  const pausedMails = async (userId: string) =>
    (await outboxOf(h.db, userId)).filter((m) => m.template === "CodeRecoveryPausedEmail");
  const auditOf = async (userId: string, event: string) =>
    h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectUserId, userId), eq(auditEvents.event, event)));

  it("counts across codes; at 20 even the right code is refused, no new code goes out, and the member is told once", async () => {
    const member = await insertMember(h.db);
    // Five codes, four wrong tries at each: no code dies of its own five, yet 20 wrong in a row.
    const live = await guess(member, 5, 4);
    expect((await userById(h.db, member.user.id)).recoveryCodeFailures).toBe(20);
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: member.identifier, code: live, password: GOOD, repeat: GOOD },
        ctx(),
      ),
    ).toEqual({ ok: false, reason: "codeWrong" });

    const mails = await pausedMails(member.user.id);
    expect(mails).toHaveLength(1);
    // A Demo Oy member: "Tilaa uusi salasana" is the revealing Demo-liitto ry's form and sends them
    // nothing, so the message points to the administrator alone.
    expect(mails[0]).toMatchObject({
      recipient: member.user.email,
      props: { username: member.identifier, count: 20, orderUrl: null },
    });
    expect(await auditOf(member.user.id, "password.code_recovery_paused")).toHaveLength(1);

    // Asking for another code: the same answer as ever, but no code and no message.
    const tokensBefore = await h.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.userId, member.user.id));
    await fifteenMinutesPass();
    expect(await requestResetCode(h.db, { identifier: member.identifier, channel: "email" }, ctx())).toEqual({
      ok: true,
    });
    expect(await h.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.userId, member.user.id))).toEqual(
      tokensBefore,
    );
    expect(await codesSentTo(member.user.id)).toHaveLength(5);
    expect((await auditOf(member.user.id, "password.code_requested")).at(-1)?.details).toMatchObject({
      sent: false,
      reason: "paused",
    });
    expect(await pausedMails(member.user.id)).toHaveLength(1);
  });

  it("a right code in between is no wrong guess; a completed reset clears the count", async () => {
    const member = await insertMember(h.db);
    await guess(member, 4, 4);
    expect((await userById(h.db, member.user.id)).recoveryCodeFailures).toBe(16);
    await fifteenMinutesPass();
    await requestResetCode(h.db, { identifier: member.identifier, channel: "email" }, ctx());
    const code = await codeTo(member.email);
    // The right code with a password refused after the match: not a wrong guess.
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: member.identifier, code, password: "salasana12345678", repeat: "salasana12345678" },
        ctx(),
      ),
    ).toMatchObject({ reason: "password" });
    expect((await userById(h.db, member.user.id)).recoveryCodeFailures).toBe(16);
    expect(
      await resetPasswordWithCode(h.db, { identifier: member.identifier, code, password: GOOD, repeat: GOOD }, ctx()),
    ).toMatchObject({ ok: true });
    expect((await userById(h.db, member.user.id)).recoveryCodeFailures).toBe(0);
  });

  it("a reset link opens it again", async () => {
    const member = await insertMember(h.db, { licence: "200" });
    await guess(member, 5, 4);
    // A member of the organisation whose form "Tilaa uusi salasana" is: the message links to it.
    expect((await pausedMails(member.user.id))[0]).toMatchObject({
      props: { orderUrl: "https://tunnus.example/order-password" },
    });
    await fifteenMinutesPass();
    await orderResetLink(h.db, { email: member.email }, ctx());
    const accounts = (await messageTo(h.db, member.email)).props.accounts as { url: string }[];
    expect(
      await resetPasswordWithLink(
        h.db,
        { secret: secretFromUrl(must(accounts[0], "an account in the message").url), password: GOOD },
        ctx(),
      ),
    ).toMatchObject({ ok: true });
    expect((await userById(h.db, member.user.id)).recoveryCodeFailures).toBe(0);
    const reset = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectUserId, member.user.id), eq(auditEvents.event, "password.reset")));
    expect(reset.at(-1)?.details).toMatchObject({ via: "reset_link", codeRecoveryReopened: true });
    // ...and codes work again.
    await fifteenMinutesPass();
    await requestResetCode(h.db, { identifier: member.identifier, channel: "email" }, ctx());
    const code = await codeTo(member.email);
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: member.identifier, code, password: `${GOOD} 2`, repeat: `${GOOD} 2` },
        ctx(),
      ),
    ).toMatchObject({ ok: true });
  });

  it("the administrator sees it on the user's page and unlocks it", async () => {
    const member = await insertMember(h.db);
    await h.db.update(users).set({ recoveryCodeFailures: 20 }).where(eq(users.id, member.user.id));
    const admin = await firstOf(h.db.select().from(users).where(eq(users.username, "admin")), "the administrator");
    const scope = {
      organizationId: member.organization.id,
      actorUserId: admin.id,
      ip: "203.0.113.1",
      userAgent: "vitest",
    };
    const detail = await loadUserForAdmin(h.db, scope, member.user.id);
    expect(detail).toMatchObject({ codeRecoveryPaused: true });
    expect(detail?.actions).toContain("unlock");
    expect(
      await runUserAction(
        h.db,
        scope,
        { userId: member.user.id, action: "unlock" },
        { now: new Date(), appOrigin: "https://tunnus.example" },
      ),
    ).toEqual({ ok: true });
    expect((await userById(h.db, member.user.id)).recoveryCodeFailures).toBe(0);
    expect(await loadUserForAdmin(h.db, scope, member.user.id)).toMatchObject({ codeRecoveryPaused: false });
    await fifteenMinutesPass();
    await requestResetCode(h.db, { identifier: member.identifier, channel: "email" }, ctx());
    expect(await codesSentTo(member.user.id)).toHaveLength(1);
  });

  it("wrong codes while no code is waiting change nothing: a guess at nothing cannot succeed", async () => {
    const member = await insertMember(h.db);
    for (let i = 0; i < 3; i++)
      expect(
        await resetPasswordWithCode(
          h.db,
          { identifier: member.identifier, code: "123456", password: GOOD, repeat: GOOD },
          ctx(),
        ),
      ).toEqual({ ok: false, reason: "codeWrong" });
    expect((await userById(h.db, member.user.id)).recoveryCodeFailures).toBe(0);
    expect(await h.db.select().from(outbox).where(eq(outbox.userId, member.user.id))).toEqual([]);
  });
});
