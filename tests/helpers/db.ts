import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { connectPostgres, type DbHandle, openPglite } from "@/lib/db/client";

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, a real Postgres
 * database when TEST_DATABASE_URL is set (CI runs the suite both ways).
 */
export async function createTestDb(): Promise<DbHandle> {
  const shared = await createSharedTestDb();
  if (shared) {
    const handle = await connectPostgres(shared.url, { max: 5 });
    return {
      ...handle,
      close: async () => {
        await handle.close();
        await shared.drop();
      },
    };
  }
  const snapshot = readFileSync(inject("pgliteSnapshot"));
  return openPglite(undefined, new Blob([snapshot]));
}

/**
 * A fresh migrated database that other processes can reach by URL: a database of its own on the
 * Postgres server when TEST_DATABASE_URL is set, or null (the caller serves PGlite itself).
 */
export async function createSharedTestDb(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const template = inject("pgTemplate");
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!template || !serverUrl) return null;
  const name = `tunnus_t_${randomBytes(6).toString("hex")}`;
  const admin = await connectPostgres(serverUrl, { max: 1, prepare: false });
  await admin.db.execute(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.db.execute(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}
