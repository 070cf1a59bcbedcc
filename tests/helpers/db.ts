import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { connectPostgres, type DbHandle, openPglite } from "@/lib/db/client";

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, a real Postgres
 * database when TEST_DATABASE_URL is set (CI runs the suite both ways).
 */
export async function createTestDb(): Promise<DbHandle> {
  const template = inject("pgTemplate");
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (template && serverUrl) {
    const name = `tunnus_t_${randomBytes(6).toString("hex")}`;
    const admin = await connectPostgres(serverUrl, { max: 1, prepare: false });
    await admin.db.execute(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const handle = await connectPostgres(url.toString(), { max: 5 });
    return {
      ...handle,
      close: async () => {
        await handle.close();
        await admin.db.execute(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.close();
      },
    };
  }
  const snapshot = readFileSync(inject("pgliteSnapshot"));
  return openPglite(undefined, new Blob([snapshot]));
}
