import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { usernameSkeleton } from "@/lib/identity/skeleton";
import type { Db } from "./client";
import { isUniqueViolation } from "./errors";
import { rowsOf } from "./rows";
import { organizations, users } from "./schema";

export type SkeletonConflict = { licence: string; username: string; skeleton: string };
export type SkeletonBackfillReport = { filled: number; conflicts: SkeletonConflict[] };

const BATCH = 1000;
type Candidate = { id: string; skeleton: string; licence: string; username: string };

/**
 * Gives every username without one its skeleton (migration 0006 added the column; SQL cannot
 * compute it). Oldest accounts first: when two existing usernames look alike, the older keeps the
 * skeleton, the newer is left without and reported, so a deployment never fails on old data. Two
 * accounts made in the same instant go by id: arbitrary, but the same on every run.
 * Idempotent: a second run finds only the reported rows again, and changes nothing.
 */
export async function backfillUsernameSkeletons(db: Db): Promise<SkeletonBackfillReport> {
  const report: SkeletonBackfillReport = { filled: 0, conflicts: [] };
  // The exact timestamp as text: a JavaScript Date drops the microseconds, and the cursor would stall.
  let after: { createdAt: string; id: string } | null = null;
  for (;;) {
    const rows: { id: string; organizationId: string; createdAt: string; username: string | null; licence: string }[] =
      await db
        .select({
          id: users.id,
          organizationId: users.organizationId,
          createdAt: sql<string>`${users.createdAt}::text`,
          username: users.username,
          licence: organizations.licence,
        })
        .from(users)
        .innerJoin(organizations, eq(organizations.id, users.organizationId))
        .where(
          and(
            isNotNull(users.username),
            isNull(users.usernameSkeleton),
            after
              ? sql`(${users.createdAt}, ${users.id}) > (${after.createdAt}::timestamptz, ${after.id}::uuid)`
              : undefined,
          ),
        )
        .orderBy(asc(users.createdAt), asc(users.id))
        .limit(BATCH);
    const last = rows.at(-1);
    if (!last) return report;
    after = { createdAt: last.createdAt, id: last.id };

    // Two rows of one batch with one skeleton: the older is tried, the newer is a conflict at once.
    const seen = new Set<string>();
    const candidates: Candidate[] = [];
    const conflicts: Candidate[] = [];
    for (const { id, organizationId, username, licence } of rows) {
      if (username === null) continue; // the query asked for usernames only
      const skeleton = usernameSkeleton(username);
      const key = `${organizationId} ${skeleton}`;
      (seen.has(key) ? conflicts : candidates).push({ id, skeleton, licence, username });
      seen.add(key);
    }
    const filled = await fillBatch(db, candidates);
    report.filled += filled.size;
    conflicts.push(...candidates.filter((c) => !filled.has(c.id)));
    for (const { licence, username, skeleton } of conflicts) report.conflicts.push({ licence, username, skeleton });
  }
}

/**
 * One UPDATE for the batch, each row unless another of its organisation already has the
 * skeleton. An account created meanwhile with the same skeleton breaks the statement on the
 * unique index: then row by row.
 */
async function fillBatch(db: Db, rows: Candidate[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const values = sql.join(
    rows.map((r) => sql`(${r.id}::uuid, ${r.skeleton}::text)`),
    sql`, `,
  );
  try {
    const result = await db.execute(sql`
      UPDATE users SET username_skeleton = v.skeleton
      FROM (VALUES ${values}) AS v(id, skeleton)
      WHERE users.id = v.id AND users.username_skeleton IS NULL
        AND NOT EXISTS (SELECT 1 FROM users other WHERE other.organization_id = users.organization_id AND other.username_skeleton = v.skeleton AND other.id <> v.id)
      RETURNING users.id AS id`);
    return new Set(rowsOf<{ id: string }>(result).map((r) => r.id));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    if (rows.length === 1) return new Set();
    const filled = new Set<string>();
    for (const row of rows) for (const id of await fillBatch(db, [row])) filled.add(id);
    return filled;
  }
}

/** For the log of `migrateDatabase`: accounts whose usernames look like another's in their organisation. */
export function describeSkeletonConflicts(report: SkeletonBackfillReport): string[] {
  return report.conflicts.map(
    (c) =>
      `organisation ${c.licence}: the username "${c.username}" looks like another username there. It still signs in, but rename one of the two: no look-alike check covers it until then.`,
  );
}
