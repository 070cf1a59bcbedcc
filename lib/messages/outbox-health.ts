import { and, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";

/**
 * How far back a failed message still counts as news: an activation link lives 7 days, every
 * other link and code less. Older failures stay in the person's message list.
 */
export const FAILED_WINDOW_DAYS = 7;

/** Failed for good and not sent again as a new message (the partial index `outbox_failed_open`). */
export const openFailure = () => and(eq(outbox.status, "failed"), isNull(outbox.replacedBy));

export type OutboxHealth = {
  /**
   * Messages of every organisation that failed for good in the last FAILED_WINDOW_DAYS days and
   * were not sent again.
   */
  failedForGood: number;
  /** How long the oldest message still waiting (or being sent) has waited, in seconds; null when none waits. */
  oldestPendingSeconds: number | null;
};

/** For the health check: two numbers, no content. */
export async function outboxHealth(db: Db, now = new Date()): Promise<OutboxHealth> {
  const since = new Date(now.getTime() - FAILED_WINDOW_DAYS * 86_400_000);
  const [[failed], [pending]] = await Promise.all([
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(and(openFailure(), gte(outbox.createdAt, since))),
    db
      .select({ oldest: sql<string | null>`min(${outbox.createdAt})::text` })
      .from(outbox)
      .where(inArray(outbox.status, ["pending", "sending"])),
  ]);
  const oldest = pending?.oldest ? new Date(pending.oldest) : null;
  return {
    failedForGood: failed?.n ?? 0,
    oldestPendingSeconds: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1000)) : null,
  };
}
