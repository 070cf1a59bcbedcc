import { timingSafeEqual } from "node:crypto";
import { and, eq, exists, gt, isNull, lt, lte, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { oneTimeTokens, users } from "@/lib/db/schema";
import { isSixDigitCode } from "@/lib/validation/code";
import { CODE_MAX_ATTEMPTS, type CodePurpose, codeMac } from "./tokens";

/** No row has this id: the stand-in for a missing account or code, so the same statements run. */
const NOBODY = "00000000-0000-0000-0000-000000000000";
const NO_MAC = "0".repeat(64);

export type CodeMatch = { ok: true; tokenId: string; target: string } | { ok: false };

/**
 * Checks a code without spending it, for a code typed where the account is not proven yet (the
 * reset code). The try is counted first, with one UPDATE … RETURNING on a live code that has
 * tries left, and only a counted try is compared: of any number of guesses sent at once, at most
 * five are ever compared, and the fifth kills the code. Whether or not the account or a pending
 * code exists, it runs that one UPDATE (on a row that may not exist) and one HMAC: the work and
 * the answer do not tell which. A right code is left unspent for `consumeMatchedCode`, so the
 * caller may still refuse the password and let the person submit again (another try).
 */
export async function matchCode(
  db: Db,
  input: { userId: string | null; purpose: CodePurpose; code: string; now: Date },
): Promise<CodeMatch> {
  const userId = input.userId ?? NOBODY;
  const [row] = await db
    .update(oneTimeTokens)
    .set({ attempts: sql`${oneTimeTokens.attempts} + 1` })
    .where(
      and(
        eq(oneTimeTokens.userId, userId),
        eq(oneTimeTokens.purpose, input.purpose),
        isNull(oneTimeTokens.consumedAt),
        gt(oneTimeTokens.expiresAt, input.now),
        lt(oneTimeTokens.attempts, CODE_MAX_ATTEMPTS),
      ),
    )
    .returning({ id: oneTimeTokens.id, secretHash: oneTimeTokens.secretHash, target: oneTimeTokens.target });
  const expected = Buffer.from(row?.secretHash.length === 64 ? row.secretHash : NO_MAC, "hex");
  const given = Buffer.from(
    codeMac(input.purpose, userId, row?.target ?? "", isSixDigitCode(input.code) ? input.code : "x"),
    "hex",
  );
  if (timingSafeEqual(expected, given) && row?.target) return { ok: true, tokenId: row.id, target: row.target };
  return { ok: false };
}

/**
 * Spends a code `matchCode` accepted, in the transaction that uses it: one atomic UPDATE, so it
 * works once. False when a parallel request spent it first, or it expired or died in between.
 */
export async function consumeMatchedCode(tx: Db, tokenId: string, now: Date): Promise<boolean> {
  const [row] = await tx
    .update(oneTimeTokens)
    .set({ consumedAt: now })
    .where(
      and(
        eq(oneTimeTokens.id, tokenId),
        isNull(oneTimeTokens.consumedAt),
        gt(oneTimeTokens.expiresAt, now),
        // The try that matched was counted already: it may have been the fifth.
        lte(oneTimeTokens.attempts, CODE_MAX_ATTEMPTS),
      ),
    )
    .returning({ id: oneTimeTokens.id });
  return Boolean(row);
}

/**
 * Wrong reset codes in a row, across codes, after which no reset code is issued or accepted for
 * the account until a completed reset (a link) or an administrator's unlock clears the count.
 */
export const RECOVERY_CODE_FAILURE_CAP = 20;

/**
 * Counts a try at the account's reset code as a wrong one before the code is compared (a right
 * one gives it back with `giveBackResetCodeTry`), so parallel guesses never get more than the cap
 * compared. One UPDATE … RETURNING, run the same for an unknown name (on no row). Counts only
 * while a reset code is live: a guess at no code cannot succeed. Returns the count after this
 * try, or null when nothing was counted (no account, no live code, or already paused); with
 * null, the caller compares nothing.
 */
export async function countResetCodeTry(db: Db, userId: string | null, now: Date): Promise<number | null> {
  const liveCode = db
    .select({ id: oneTimeTokens.id })
    .from(oneTimeTokens)
    .where(
      and(
        eq(oneTimeTokens.userId, users.id),
        eq(oneTimeTokens.purpose, "reset_code"),
        isNull(oneTimeTokens.consumedAt),
        gt(oneTimeTokens.expiresAt, now),
        lt(oneTimeTokens.attempts, CODE_MAX_ATTEMPTS),
      ),
    );
  const [row] = await db
    .update(users)
    .set({ recoveryCodeFailures: sql`${users.recoveryCodeFailures} + 1` })
    .where(
      and(eq(users.id, userId ?? NOBODY), lt(users.recoveryCodeFailures, RECOVERY_CODE_FAILURE_CAP), exists(liveCode)),
    )
    .returning({ failures: users.recoveryCodeFailures });
  return row?.failures ?? null;
}

/** The try `countResetCodeTry` counted was the right code: no wrong guess after all. */
export async function giveBackResetCodeTry(db: Db, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ recoveryCodeFailures: sql`greatest(${users.recoveryCodeFailures} - 1, 0)` })
    .where(eq(users.id, userId));
}
