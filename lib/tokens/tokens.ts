import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { oneTimeTokens } from "@/lib/db/schema";
import { authSecret } from "@/lib/session/dev-secret";
import { isSixDigitCode } from "@/lib/validation/code";

export type TokenPurpose = (typeof oneTimeTokens.$inferSelect)["purpose"];
export type LinkPurpose = Extract<TokenPurpose, "activation" | "reset_link">;
export type CodePurpose = Extract<TokenPurpose, "reset_code" | "email_change" | "phone_change">;

/**
 * How long a secret lives: an activation link 7 days (the invitation comes unasked and may wait
 * in the inbox for days), a reset link 1 hour and a code 10 minutes (the person asked for it and
 * uses it at once, so a short life leaves a leaked message little use).
 */
export const LINK_TTL_MINUTES: Record<LinkPurpose, number> = { activation: 7 * 24 * 60, reset_link: 60 };
const CODE_TTL_MINUTES = 10;
export const CODE_MAX_ATTEMPTS = 5;
const CODE_RESEND_COOLDOWN_SECONDS = 60;

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** A link secret: 256 random bits, base64url. Only its SHA-256 is stored. */
export async function createLinkToken(
  db: Db,
  input: { userId: string; purpose: LinkPurpose; now: Date; ttlMinutes?: number },
): Promise<{ secret: string; expiresAt: Date }> {
  const secret = randomBytes(32).toString("base64url");
  const expiresAt = new Date(input.now.getTime() + (input.ttlMinutes ?? LINK_TTL_MINUTES[input.purpose]) * 60_000);
  // A new link voids the older ones of the same purpose: only the newest message works.
  await voidTokens(db, input.userId, input.purpose, input.now);
  await db.insert(oneTimeTokens).values({
    userId: input.userId,
    purpose: input.purpose,
    secretHash: sha256(secret),
    expiresAt,
    createdAt: input.now,
  });
  return { secret, expiresAt };
}

/**
 * Link tokens for accounts that have none yet (a register import's new people), in one insert.
 * Returns the secrets in the order of `userIds`.
 */
export async function createFirstLinkTokens(
  db: Db,
  input: { userIds: string[]; purpose: LinkPurpose; now: Date },
): Promise<string[]> {
  const expiresAt = new Date(input.now.getTime() + LINK_TTL_MINUTES[input.purpose] * 60_000);
  const tokens = input.userIds.map((userId) => ({ userId, secret: randomBytes(32).toString("base64url") }));
  if (tokens.length === 0) return [];
  await db.insert(oneTimeTokens).values(
    tokens.map(({ userId, secret }) => ({
      userId,
      purpose: input.purpose,
      secretHash: sha256(secret),
      expiresAt,
      createdAt: input.now,
    })),
  );
  return tokens.map((t) => t.secret);
}

export async function voidTokens(db: Db, userId: string, purpose: TokenPurpose, now: Date): Promise<void> {
  await db
    .update(oneTimeTokens)
    .set({ consumedAt: now })
    .where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.consumedAt)));
}

/** Every unspent token of the account, whatever its purpose: what a password reset leaves behind. */
export async function voidAllTokens(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .update(oneTimeTokens)
    .set({ consumedAt: now })
    .where(and(eq(oneTimeTokens.userId, userId), isNull(oneTimeTokens.consumedAt)));
}

export type LinkCheck =
  | { ok: true; userId: string; expiresAt: Date }
  /** `used` and `expired` name a known link (its user is known); `unknown` names nothing. */
  | { ok: false; reason: "unknown" }
  | { ok: false; reason: "used" | "expired"; userId: string };

/** Malformed secrets never reach the database. */
const LINK_SECRET = /^[A-Za-z0-9_-]{43}$/;

/** Looks at a link without spending it: opening the page (or a mail scanner) changes nothing. */
export async function checkLinkToken(db: Db, secret: string, purpose: LinkPurpose, now: Date): Promise<LinkCheck> {
  if (!LINK_SECRET.test(secret)) return { ok: false, reason: "unknown" };
  const [row] = await db
    .select()
    .from(oneTimeTokens)
    .where(and(eq(oneTimeTokens.secretHash, sha256(secret)), eq(oneTimeTokens.purpose, purpose)))
    .limit(1);
  if (!row) return { ok: false, reason: "unknown" };
  if (row.consumedAt) return { ok: false, reason: "used", userId: row.userId };
  if (row.expiresAt <= now) return { ok: false, reason: "expired", userId: row.userId };
  return { ok: true, userId: row.userId, expiresAt: row.expiresAt };
}

/**
 * Spends a link: one atomic UPDATE, so of any number of simultaneous posts exactly one wins.
 * Returns the user it belongs to, or null when it is unknown, used, expired or of another purpose.
 */
export async function consumeLinkToken(
  db: Db,
  secret: string,
  purpose: LinkPurpose,
  now: Date,
): Promise<string | null> {
  if (!LINK_SECRET.test(secret)) return null;
  const [row] = await db
    .update(oneTimeTokens)
    .set({ consumedAt: now })
    .where(
      and(
        eq(oneTimeTokens.secretHash, sha256(secret)),
        eq(oneTimeTokens.purpose, purpose),
        isNull(oneTimeTokens.consumedAt),
        gt(oneTimeTokens.expiresAt, now),
      ),
    )
    .returning({ userId: oneTimeTokens.userId });
  return row?.userId ?? null;
}

/** The MAC binds the code to its purpose, user and target: it proves nothing for anything else. */
export function codeMac(purpose: CodePurpose, userId: string, target: string, code: string): string {
  const key = createHash("sha256").update(`tunnus one-time codes\0${authSecret()}`).digest();
  return createHmac("sha256", key).update(`${purpose}\0${userId}\0${target}\0${code}`).digest("hex");
}

export type CodeIssue =
  { ok: true; code: string; expiresInMinutes: number } | { ok: false; reason: "cooldown"; retryAfterSeconds: number };

/**
 * A 6-digit code for one purpose, one user and one target (the address or number it is sent to).
 * A new code replaces the old one, but not within a minute of it.
 */
export async function issueCode(
  db: Db,
  input: { userId: string; purpose: CodePurpose; target: string; now: Date },
): Promise<CodeIssue> {
  const [latest] = await db
    .select({ createdAt: oneTimeTokens.createdAt })
    .from(oneTimeTokens)
    .where(and(eq(oneTimeTokens.userId, input.userId), eq(oneTimeTokens.purpose, input.purpose)))
    .orderBy(desc(oneTimeTokens.createdAt))
    .limit(1);
  const since = latest ? (input.now.getTime() - latest.createdAt.getTime()) / 1000 : Infinity;
  if (since < CODE_RESEND_COOLDOWN_SECONDS) {
    return { ok: false, reason: "cooldown", retryAfterSeconds: Math.ceil(CODE_RESEND_COOLDOWN_SECONDS - since) };
  }
  const code = randomInt(0, 1_000_000).toString().padStart(6, "0");
  // Old codes of this purpose are deleted, not kept: a code is short enough to repeat.
  await db
    .delete(oneTimeTokens)
    .where(and(eq(oneTimeTokens.userId, input.userId), eq(oneTimeTokens.purpose, input.purpose)));
  await db.insert(oneTimeTokens).values({
    userId: input.userId,
    purpose: input.purpose,
    secretHash: codeMac(input.purpose, input.userId, input.target, code),
    target: input.target,
    expiresAt: new Date(input.now.getTime() + CODE_TTL_MINUTES * 60_000),
    createdAt: input.now,
  });
  return { ok: true, code, expiresInMinutes: CODE_TTL_MINUTES };
}

/** The code waiting for confirmation, if any: what the page shows as "code sent to …". */
export async function pendingCode(db: Db, userId: string, purpose: CodePurpose, now: Date) {
  const [row] = await db
    .select({ target: oneTimeTokens.target, expiresAt: oneTimeTokens.expiresAt })
    .from(oneTimeTokens)
    .where(
      and(
        eq(oneTimeTokens.userId, userId),
        eq(oneTimeTokens.purpose, purpose),
        isNull(oneTimeTokens.consumedAt),
        gt(oneTimeTokens.expiresAt, now),
        lt(oneTimeTokens.attempts, CODE_MAX_ATTEMPTS),
      ),
    )
    .limit(1);
  return row ?? null;
}

export type CodeCheck = { ok: true; target: string } | { ok: false; reason: "invalid" | "expired" };

/**
 * Checks a code for `target`. Every try, right or wrong, is counted before the code is looked
 * at (one UPDATE … RETURNING on a live code with tries left), so of any number of guesses sent at
 * once at most five are ever compared; the fifth wrong one kills the code. A right one is then
 * consumed atomically, so it works once.
 */
export async function verifyCode(
  db: Db,
  input: { userId: string; purpose: CodePurpose; target: string; code: string; now: Date },
): Promise<CodeCheck> {
  const [row] = await db
    .update(oneTimeTokens)
    .set({ attempts: sql`${oneTimeTokens.attempts} + 1` })
    .where(
      and(
        eq(oneTimeTokens.userId, input.userId),
        eq(oneTimeTokens.purpose, input.purpose),
        isNull(oneTimeTokens.consumedAt),
        gt(oneTimeTokens.expiresAt, input.now),
        lt(oneTimeTokens.attempts, CODE_MAX_ATTEMPTS),
      ),
    )
    .returning({
      id: oneTimeTokens.id,
      secretHash: oneTimeTokens.secretHash,
      target: oneTimeTokens.target,
      attempts: oneTimeTokens.attempts,
    });
  if (!row) return { ok: false, reason: "expired" };

  const expected = Buffer.from(row.secretHash, "hex");
  const given = Buffer.from(
    codeMac(input.purpose, input.userId, input.target, isSixDigitCode(input.code) ? input.code : "x"),
    "hex",
  );
  const macMatches = timingSafeEqual(expected, given);
  if (row.target !== input.target || !macMatches)
    return { ok: false, reason: row.attempts >= CODE_MAX_ATTEMPTS ? "expired" : "invalid" };
  const [consumed] = await db
    .update(oneTimeTokens)
    .set({ consumedAt: input.now })
    .where(and(eq(oneTimeTokens.id, row.id), isNull(oneTimeTokens.consumedAt), gt(oneTimeTokens.expiresAt, input.now)))
    .returning({ target: oneTimeTokens.target });
  return typeof consumed?.target === "string"
    ? { ok: true, target: consumed.target }
    : { ok: false, reason: "expired" };
}
