import path from "node:path";
import type { DbHandle } from "./client";
import {
  backfillUsernameSkeletons,
  describeSkeletonConflicts,
  type SkeletonBackfillReport,
} from "./identifier-backfill";

const migrationsFolder = () => path.resolve(process.cwd(), "drizzle");

/** What the steps after the SQL migrations did; conflicts are reported, never fatal. */
export type MigrationReport = { skeletons: SkeletonBackfillReport; scrubbedFailedMessages: number };

/**
 * Applies the committed migrations in `drizzle/`, then the data steps SQL cannot do (usernames'
 * confusables skeletons; links left in clear in messages that failed before they were sealed).
 * Safe to run from several processes at once, and again.
 */
export async function migrateDatabase(handle: DbHandle): Promise<MigrationReport> {
  if (handle.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder: migrationsFolder() });
    return afterMigrations(handle.db);
  }
  if (!handle.url) throw new Error("migrateDatabase: the postgres handle has no URL");
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  // One connection holds a session lock: serverless instances that start together migrate once.
  const client = postgres(handle.url, { max: 1, prepare: false, onnotice: () => {} });
  try {
    await client`SELECT pg_advisory_lock(727001)`;
    const db = drizzle(client);
    await migrate(db, { migrationsFolder: migrationsFolder() });
    return await afterMigrations(db as unknown as DbHandle["db"]);
  } finally {
    await client`SELECT pg_advisory_unlock(727001)`.catch(() => {});
    await client.end();
  }
}

async function afterMigrations(db: DbHandle["db"]): Promise<MigrationReport> {
  const skeletons = await backfillUsernameSkeletons(db);
  for (const line of describeSkeletonConflicts(skeletons)) console.warn(`migrate: ${line}`);
  // Loaded here, not at the top: the templates bring React Email, which most callers never need.
  const { scrubFailedLegacyRows } = await import("@/lib/messages/outbox-legacy");
  return { skeletons, scrubbedFailedMessages: await scrubFailedLegacyRows(db) };
}
