import { sql } from "drizzle-orm";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/lib/db/client";
import { rateLimits } from "@/lib/db/schema";
import { env } from "@/lib/env";

/** Named limits (data, not code): how many points a key may spend per window. */
export const ratePolicies = {
  /** Sign-in attempts from one IP address, whatever the account. */
  loginPerIp: () => ({ points: env().LOGIN_IP_LIMIT, duration: env().LOGIN_IP_WINDOW_SECONDS }),
  /** Verification codes sent (e-mail or SMS) at the request of one IP address: SMS cost money. */
  codeRequestPerIp: () => ({ points: 10, duration: 15 * 60 }),
  /** Recovery requests (reset code, reset link, username reminder) for one address or username. */
  recoveryPerAddress: () => ({ points: 3, duration: 15 * 60 }),
  /** Wrong current passwords typed on the account page, per account: guessing it there is throttled too. */
  reauthPerUser: () => ({ points: 5, duration: 15 * 60 }),
  /** Recovery requests from one IP address, whatever they ask for. */
  recoveryPerIp: () => ({ points: 20, duration: 15 * 60 }),
  /** Tries at the reset code's second step (a code and a new password) from one IP address. */
  resetCodeCheckPerIp: () => ({ points: 30, duration: 15 * 60 }),
  /** Tries at the reset code's second step for one account, or one canonical unknown name. */
  resetCodeCheckPerAccount: () => ({ points: 10, duration: 15 * 60 }),
  /** One reset code per minute per account (or canonical unknown name), whatever the channel. On the flow's clock. */
  resetCodeCooldown: () => ({ points: 1, duration: 60 }),
  /** Reset codes per account (or canonical unknown name) per 24 hours. On the flow's clock. */
  resetCodesPerDay: () => ({ points: 10, duration: 24 * 60 * 60 }),
  /** SMS queued for one account per 24 hours, whatever asked for them: each costs money. On the flow's clock. */
  smsPerAccountPerDay: () => ({ points: 5, duration: 24 * 60 * 60 }),
} satisfies Record<string, () => { points: number; duration: number }>;

export type RatePolicy = keyof typeof ratePolicies;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

function limiterFor(db: Db, policy: RatePolicy): RateLimiterDrizzle {
  const { points, duration } = ratePolicies[policy]();
  return new RateLimiterDrizzle({
    storeClient: db,
    schema: rateLimits,
    keyPrefix: policy,
    points,
    duration,
    // Expired rows are swept by the cron job, not by a timer in every instance.
    clearExpiredByTimeout: false,
  });
}

/**
 * Spends one point of `policy` for `key`. Counters live in Postgres (rate_limits) so every
 * serverless instance sees the same count.
 */
export async function consumeRateLimit(db: Db, policy: RatePolicy, key: string): Promise<RateDecision> {
  try {
    await limiterFor(db, policy).consume(key);
    return { allowed: true };
  } catch (e) {
    if (e instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.ceil(e.msBeforeNext / 1000) };
    throw e;
  }
}

export async function resetRateLimit(db: Db, policy: RatePolicy, key: string): Promise<void> {
  await limiterFor(db, policy).delete(key);
}

/**
 * Spends one point of `policy` for `key` on the flow's own clock (`now`), in a fixed window that
 * starts with its first point; one atomic upsert of the same `rate_limits` row format, swept by
 * the same cron job. For limits that must agree with times the flow keeps itself (a code's
 * resend minute, a daily cap of codes or SMS), which tests and the CLI move by hand.
 */
export async function consumeOnClock(db: Db, policy: RatePolicy, key: string, now: Date): Promise<RateDecision> {
  const { points, duration } = ratePolicies[policy]();
  const at = sql`${now.toISOString()}::timestamptz`;
  const until = new Date(now.getTime() + duration * 1000);
  const windowOver = sql`${rateLimits.expire} IS NULL OR ${rateLimits.expire} <= ${at}`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key: `${policy}:${key}`, points: 1, expire: until })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        points: sql`CASE WHEN ${windowOver} THEN 1 ELSE ${rateLimits.points} + 1 END`,
        expire: sql`CASE WHEN ${windowOver} THEN ${until.toISOString()}::timestamptz ELSE ${rateLimits.expire} END`,
      },
    })
    .returning({ points: rateLimits.points, expire: rateLimits.expire });
  if (!row) throw new Error("consumeOnClock: the upsert returned no row");
  if (row.points <= points) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((row.expire!.getTime() - now.getTime()) / 1000)) };
}
