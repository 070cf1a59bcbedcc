import { describe, expect, it } from "vitest";
import { requestResetCode, resetPasswordWithCode } from "@/lib/flows/password/reset-by-code";
import { seededTestDb } from "../helpers/db";
import { codeSentTo, must } from "../helpers/fixtures";
import { insertMember } from "../helpers/members";
import { messageIn } from "../helpers/translations";

/**
 * The code step of /forgot-password (the code and the new password together). The strength
 * estimator costs seconds of CPU on a long patterned password, so it runs only once the code
 * has matched: before that, only the cheap checks and the step's own limits (per IP, and per
 * account whatever form of the identifier was typed).
 */
const h = seededTestDb();

let ip = 0;
const ctx = (address = `192.0.2.${++ip}`) => ({ now: new Date(), ip: address, userAgent: "vitest" });
const codeTo = (to: string) => codeSentTo(h.db, to);
const otherThan = (code: string) => (code === "000000" ? "111111" : "000000");
const COMMON = "salasana12345678";
const KEYBOARD = "1q2w3e4r5t6y7u8i9o0p".repeat(13).slice(0, 256);
const GOOD = "talven pitkä pimeä aika";

describe("a wrong code never reaches the strength estimator", () => {
  it("a common password and a 256-character keyboard pattern with a wrong code: 'wrong code', for a known and an unknown name", async () => {
    const member = await insertMember(h.db);
    await requestResetCode(h.db, { identifier: member.identifier, channel: "email" }, ctx());
    const code = await codeTo(member.email);
    for (const identifier of [member.identifier, "ei-ketaan-taalla@123"]) {
      for (const password of [COMMON, KEYBOARD]) {
        expect(
          await resetPasswordWithCode(h.db, { identifier, code: otherThan(code), password, repeat: password }, ctx()),
        ).toEqual({ ok: false, reason: "codeWrong" });
      }
    }
    // With the right code the estimator runs, and refuses the common one; the code stays usable.
    expect(
      await resetPasswordWithCode(
        h.db,
        { identifier: member.identifier, code, password: COMMON, repeat: COMMON },
        ctx(),
      ),
    ).toEqual({
      ok: false,
      reason: "password",
      problem: { code: "common" },
    });
    expect(
      await resetPasswordWithCode(h.db, { identifier: member.identifier, code, password: GOOD, repeat: GOOD }, ctx()),
    ).toEqual({ ok: true, identifier: member.identifier });
  });

  it("the cheap checks still come first, for everyone: too short, too long, the repeat", async () => {
    for (const identifier of ["10001", "ei-ketaan@123"]) {
      expect(
        await resetPasswordWithCode(h.db, { identifier, code: "123456", password: "lyhyt", repeat: "lyhyt" }, ctx()),
      ).toEqual({ ok: false, reason: "password", problem: { code: "tooShort", min: 15 } });
      expect(
        await resetPasswordWithCode(
          h.db,
          { identifier, code: "123456", password: "x".repeat(257), repeat: "x".repeat(257) },
          ctx(),
        ),
      ).toEqual({ ok: false, reason: "password", problem: { code: "tooLong", max: 256 } });
      expect(
        await resetPasswordWithCode(h.db, { identifier, code: "123456", password: GOOD, repeat: `${GOOD}!` }, ctx()),
      ).toEqual({ ok: false, reason: "password", problem: { code: "mismatch" } });
    }
  });
});

describe("the code step's own limits", () => {
  const limited = { ok: false, reason: "rateLimited" };
  const wrongTry = (identifier: string, address?: string) =>
    resetPasswordWithCode(h.db, { identifier, code: "000000", password: GOOD, repeat: GOOD }, ctx(address));

  it("per account, whatever form was typed: 10 tries in 15 minutes between `name` and `name@licence`, then refused alike", async () => {
    // A member of the default organisation (licence 200): the bare name and name@200 are one account.
    const member = await insertMember(h.db, { licence: "200" });
    const bare = must(member.user.username, "a username");
    for (let i = 0; i < 10; i++)
      expect(await wrongTry(i % 2 ? bare : member.identifier)).toEqual({ ok: false, reason: "codeWrong" });
    expect(await wrongTry(bare)).toEqual(limited);
    expect(await wrongTry(member.identifier)).toEqual(limited);
    expect(await wrongTry(bare.toUpperCase())).toEqual(limited);
    // An unknown name counts the same way under its canonical form.
    for (let i = 0; i < 10; i++)
      expect(await wrongTry(i % 2 ? "Haamu" : "haamu@200")).toEqual({ ok: false, reason: "codeWrong" });
    expect(await wrongTry("haamu")).toEqual(limited);
    expect(await wrongTry("HAAMU@200")).toEqual(limited);
  });

  it("per IP: 30 tries in 15 minutes, then refused alike for a known and an unknown name", async () => {
    const address = "203.0.113.99";
    for (let i = 0; i < 30; i++)
      expect(await wrongTry(`ei-ketaan-${i}@123`, address)).toEqual({ ok: false, reason: "codeWrong" });
    const member = await insertMember(h.db);
    expect(await wrongTry(member.identifier, address)).toEqual(limited);
    expect(await wrongTry("ei-ketaan-x@123", address)).toEqual(limited);
    expect(await wrongTry(member.identifier)).toEqual({ ok: false, reason: "codeWrong" });
  });

  it("the refusal is the translated 'try again later'", () => {
    expect(messageIn("fi", "recovery.errors.rateLimited")).toBe("Liian monta pyyntöä. Yritä myöhemmin uudelleen.");
    expect(messageIn("sv", "recovery.errors.rateLimited")).toBe("För många begäranden. Försök igen senare.");
    expect(messageIn("en", "recovery.errors.rateLimited")).toBe("Too many requests. Please try again later.");
  });
});
