import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { matchCode } from "@/lib/tokens/code-check";
import { oneTimeTokens } from "@/lib/db/schema";
import { CODE_MAX_ATTEMPTS, type CodePurpose, issueCode, verifyCode } from "@/lib/tokens/tokens";
import { seededTestDb } from "../helpers/db";
import { insertMember } from "../helpers/members";

/**
 * A code allows five tries. Thirty guesses sent at once must not get more than five of them
 * compared: the try is counted (one UPDATE … RETURNING) before the code is looked at. The race
 * shows on a real Postgres (TEST_DATABASE_URL), where the guesses run on parallel connections.
 *
 * What "compared" means is observed, not assumed: every comparison of a code goes through
 * `timingSafeEqual`, which is wrapped here to count the calls made with a stored code's MAC and
 * then does its real work. (The reset code check also compares, for the same cost, against an
 * all-zero stand-in when no live code was found; those compare nothing and are not counted.)
 */
const compared = vi.hoisted(() => ({ count: 0 }));
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  const timingSafeEqual: typeof actual.timingSafeEqual = (a, b) => {
    if (Buffer.from(a as Uint8Array).some((byte) => byte !== 0)) compared.count++;
    return actual.timingSafeEqual(a, b);
  };
  return { ...actual, default: { ...actual, timingSafeEqual }, timingSafeEqual };
});

const h = seededTestDb();
beforeEach(() => {
  compared.count = 0;
});

const wrongFor = (code: string) => (code === "000000" ? "111111" : "000000");
const attemptsOf = async (userId: string, purpose: CodePurpose) =>
  (
    await h.db
      .select()
      .from(oneTimeTokens)
      .where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, purpose)))
  ).map((t) => t.attempts);

async function issued(userId: string, purpose: CodePurpose, target: string) {
  const code = await issueCode(h.db, { userId, purpose, target, now: new Date() });
  if (!code.ok) throw new Error("the code was not issued");
  return code.code;
}

describe("30 parallel guesses on an e-mail-change code", () => {
  const target = "rinnakkain@example.com";
  const guess = (userId: string, code: string) =>
    verifyCode(h.db, { userId, purpose: "email_change", target, code, now: new Date() });

  it("29 wrong and the right one last: at most 5 compared, the counter ends at 5, the right code is refused after", async () => {
    const { user } = await insertMember(h.db);
    const code = await issued(user.id, "email_change", target);
    const answers = await Promise.all([
      ...Array.from({ length: 29 }, () => guess(user.id, wrongFor(code))),
      guess(user.id, code),
    ]);
    expect(compared.count).toBeLessThanOrEqual(CODE_MAX_ATTEMPTS);
    expect(answers.filter((a) => a.ok)).toEqual([]);
    expect(await attemptsOf(user.id, "email_change")).toEqual([CODE_MAX_ATTEMPTS]);
    expect(await guess(user.id, code)).toEqual({ ok: false, reason: "expired" });
  });

  it("30 wrong: at most 5 compared, four told 'wrong', the rest 'expired'", async () => {
    const { user } = await insertMember(h.db);
    const code = await issued(user.id, "email_change", target);
    const answers = await Promise.all(Array.from({ length: 30 }, () => guess(user.id, wrongFor(code))));
    expect(compared.count).toBeLessThanOrEqual(CODE_MAX_ATTEMPTS);
    expect(answers.filter((a) => !a.ok && a.reason === "invalid")).toHaveLength(CODE_MAX_ATTEMPTS - 1);
    expect(await attemptsOf(user.id, "email_change")).toEqual([CODE_MAX_ATTEMPTS]);
    expect(await guess(user.id, code)).toEqual({ ok: false, reason: "expired" });
  });
});

describe("30 parallel guesses on a reset code", () => {
  const guess = (userId: string, code: string) =>
    matchCode(h.db, { userId, purpose: "reset_code", code, now: new Date() });

  it("29 wrong and the right one last: at most 5 compared, the counter ends at 5, the right code is refused after", async () => {
    const { user, email } = await insertMember(h.db);
    const code = await issued(user.id, "reset_code", email);
    const answers = await Promise.all([
      ...Array.from({ length: 29 }, () => guess(user.id, wrongFor(code))),
      guess(user.id, code),
    ]);
    expect(compared.count).toBeLessThanOrEqual(CODE_MAX_ATTEMPTS);
    expect(answers.filter((a) => a.ok)).toEqual([]);
    expect(await attemptsOf(user.id, "reset_code")).toEqual([CODE_MAX_ATTEMPTS]);
    expect(await guess(user.id, code)).toEqual({ ok: false });
  });

  it("30 wrong: at most 5 compared and the counter ends at 5", async () => {
    const { user, email } = await insertMember(h.db);
    const code = await issued(user.id, "reset_code", email);
    await Promise.all(Array.from({ length: 30 }, () => guess(user.id, wrongFor(code))));
    expect(compared.count).toBeLessThanOrEqual(CODE_MAX_ATTEMPTS);
    expect(await attemptsOf(user.id, "reset_code")).toEqual([CODE_MAX_ATTEMPTS]);
    expect(await guess(user.id, code)).toEqual({ ok: false });
  });
});
