import path from "node:path";
import type { DbHandle } from "./client";

const migrationsFolder = () => path.resolve(process.cwd(), "drizzle");

/** Applies the committed migrations in `drizzle/`. Safe to run from several processes at once. */
export async function migrateDatabase(handle: DbHandle): Promise<void> {
  if (handle.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder: migrationsFolder() });
    return;
  }
  if (!handle.url) throw new Error("migrateDatabase: the postgres handle has no URL");
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  // One connection holds a session lock: serverless instances that start together migrate once.
  const client = postgres(handle.url, { max: 1, prepare: false, onnotice: () => {} });
  try {
    await client`SELECT pg_advisory_lock(727001)`;
    await migrate(drizzle(client), { migrationsFolder: migrationsFolder() });
  } finally {
    await client`SELECT pg_advisory_unlock(727001)`.catch(() => {});
    await client.end();
  }
}
