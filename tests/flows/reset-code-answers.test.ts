import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/password/hash";
import type { Db } from "@/lib/db/client";
import { oneTimeTokens } from "@/lib/db/schema";
import { requestContactCode } from "@/lib/flows/account/contact-verification";
import { requestResetCode, resetPasswordWithCode } from "@/lib/flows/password/reset-by-code";
import { seededTestDb } from "../helpers/db";
import { codeSentTo, must } from "../helpers/fixtures";
import { insertMember, OLD_PASSWORD, userById } from "../helpers/members";

/**
 * The code step of /forgot-password must not tell accounts apart before the code is proven: a
 * known account with a pending code, an unknown one and one without the channel verified get the
 * same answer and cost the same statements; only the right code unlocks the personal-word check.
 */
const h = seededTestDb();

let ip = 0;
const ctx = (now = new Date()) => ({ now, ip: `192.0.2.${++ip}`, userAgent: "vitest" });
const GOOD = "talven pitkä pimeä aika";
const codeTo = (to: string) => codeSentTo(h.db, to);
const otherThan = (code: string) => (code === "000000" ? "111111" : "000000");
const attemptsOf = async (userId: string) =>
  (
    await h.db
      .select()
      .from(oneTimeTokens)
      .where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, "reset_code")))
  ).map((t) => t.attempts);

/** The builder calls a flow makes on the handle: what it asks of the database, in order. */
function counting(db: Db) {
  const calls: string[] = [];
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop === "string" && ["select", "insert", "update", "delete", "execute", "transaction"].includes(prop))
        calls.push(prop);
      return value;
    },
  });
  return { db: proxy, calls };
}

describe("the reset code step answers alike until the code is proven", () => {
  it("known with a pending code, unknown, and no verified channel: the same answers and the same work", async () => {
    const pending = await insertMember(h.db, { displayName: "Kvasaari Rullanen" });
    const unverified = await insertMember(h.db, { emailVerified: false, displayName: "Kvasaari Rullanen" });
    await requestResetCode(h.db, { identifier: pending.identifier, channel: "email" }, ctx());
    await requestResetCode(h.db, { identifier: unverified.identifier, channel: "email" }, ctx());
    const code = await codeTo(pending.email);
    const wrong = otherThan(code);
    const who = [pending.identifier, "ei-ketaan-taalla@123", unverified.identifier];

    const tries = [
      { password: GOOD, repeat: GOOD }, // a wrong code with a good password
      { password: "lyhyt", repeat: "lyhyt" }, // too short: refused before the code, for everyone
      { password: "salasana12345678", repeat: "salasana12345678" }, // common: known only with the right code
      { password: GOOD, repeat: `${GOOD}!` }, // mismatch
      { password: "Kvasaari Rullanen 1985", repeat: "Kvasaari Rullanen 1985" }, // personal: only with the right code
    ];
    const expected = [
      { ok: false, reason: "codeWrong" },
      { ok: false, reason: "password", problem: { code: "tooShort", min: 15 } },
      { ok: false, reason: "codeWrong" },
      { ok: false, reason: "password", problem: { code: "mismatch" } },
      { ok: false, reason: "codeWrong" },
    ];
    const workOf: string[][] = [];
    for (const [i, t] of tries.entries()) {
      const works: string[][] = [];
      const answers: string[] = [];
      for (const identifier of who) {
        const c = counting(h.db);
        answers.push(JSON.stringify(await resetPasswordWithCode(c.db, { identifier, code: wrong, ...t }, ctx())));
        works.push(c.calls);
      }
      expect(answers).toEqual(Array(3).fill(JSON.stringify(expected[i])));
      expect(works[1]).toEqual(works[0]);
      expect(works[2]).toEqual(works[0]);
      workOf.push(must(works[0], "the first known account's work"));
    }
    // What "the same work" was: the account query, the step's two limits (each one upsert of a
    // counter), the UPDATE that counts a wrong code for the account (its live-code condition is
    // a subquery built with select), then the one UPDATE that counts the try on the code.
    expect(workOf[0]).toEqual(["select", "insert", "insert", "select", "update", "update"]);
    expect(workOf[1]).toEqual(["select"]);
    // The wrong codes were counted on the real pending code (three of the five tries reached it).
    expect(await attemptsOf(pending.user.id)).toEqual([3]);
    expect(
      await resetPasswordWithCode(h.db, { identifier: pending.identifier, code, password: GOOD, repeat: GOOD }, ctx()),
    ).toMatchObject({ ok: true });
  });

  it("the right code with the person's own words: refused by name, the code left unspent (the try counted)", async () => {
    const member = await insertMember(h.db, { displayName: "Kvasaari Rullanen" });
    await requestResetCode(h.db, { identifier: member.identifier, channel: "email" }, ctx());
    const code = await codeTo(member.email);
    const personal = "Kvasaari Rullanen 1985";
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: member.identifier, code, password: personal, repeat: personal },
        ctx(),
      ),
    ).toEqual({
      ok: false,
      reason: "password",
      problem: { code: "personal" },
    });
    // Counted before the code was looked at, like every try; four are left for the corrected password.
    expect(await attemptsOf(member.user.id)).toEqual([1]);
    expect(
      await verifyPassword(must((await userById(h.db, member.user.id)).passwordHash, "a password hash"), OLD_PASSWORD),
    ).toBe(true);
    expect(
      await resetPasswordWithCode(h.db, { identifier: member.identifier, code, password: GOOD, repeat: GOOD }, ctx()),
    ).toEqual({ ok: true, identifier: member.identifier });
  });
});

describe("a code proves nothing outside its purpose and its account", () => {
  it("a code of another purpose, while a real reset code is pending, is a wrong try", async () => {
    const member = await insertMember(h.db);
    const now = new Date();
    await requestResetCode(h.db, { identifier: member.identifier, channel: "email" }, ctx(now));
    const resetCode = await codeTo(member.email);
    const newAddress = `uusi.${member.user.email}`;
    await requestContactCode(h.db, { user: member.user, channel: "email", value: newAddress }, ctx(now));
    const contactCode = await codeTo(newAddress);
    expect(contactCode).not.toBe(resetCode); // (one in a million they match, and the test would prove nothing)

    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: member.identifier, code: contactCode, password: GOOD, repeat: GOOD },
        ctx(now),
      ),
    ).toEqual({ ok: false, reason: "codeWrong" });
    expect(await attemptsOf(member.user.id)).toEqual([1]);
    expect(
      await verifyPassword(must((await userById(h.db, member.user.id)).passwordHash, "a password hash"), OLD_PASSWORD),
    ).toBe(true);
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: member.identifier, code: resetCode, password: GOOD, repeat: GOOD },
        ctx(now),
      ),
    ).toMatchObject({ ok: true });
  });

  it("another member's code, while both have one pending, is a wrong try for this member only", async () => {
    const [a, b] = [await insertMember(h.db), await insertMember(h.db, { licence: "200" })];
    for (const m of [a, b]) await requestResetCode(h.db, { identifier: m.identifier, channel: "email" }, ctx());
    const [codeA, codeB] = [await codeTo(a.email), await codeTo(b.email)];
    expect(codeA).not.toBe(codeB);

    expect(
      await resetPasswordWithCode(h.db, { identifier: a.identifier, code: codeB, password: GOOD, repeat: GOOD }, ctx()),
    ).toEqual({ ok: false, reason: "codeWrong" });
    expect([await attemptsOf(a.user.id), await attemptsOf(b.user.id)]).toEqual([[1], [0]]);
    expect(
      await resetPasswordWithCode(h.db, { identifier: b.identifier, code: codeB, password: GOOD, repeat: GOOD }, ctx()),
    ).toMatchObject({ ok: true });
    expect(
      await resetPasswordWithCode(h.db, { identifier: a.identifier, code: codeA, password: GOOD, repeat: GOOD }, ctx()),
    ).toMatchObject({ ok: true });
  });
});
