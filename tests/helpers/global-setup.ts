import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { connectPostgres, openPglite } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** A file with a migrated PGlite data directory, loaded by each test file in ~0.5 s. */
    pgliteSnapshot: string;
    /** With TEST_DATABASE_URL: a migrated template database each test file copies. */
    pgTemplate: string;
  }
}

/**
 * Migrates once per run. Each test file then starts from a copy: a PGlite snapshot by default,
 * or, with TEST_DATABASE_URL, a real Postgres database created from a migrated template.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const template = `tunnus_tpl_${randomBytes(4).toString("hex")}`;
    const admin = await connectPostgres(serverUrl, { max: 1, prepare: false });
    await admin.db.execute(`CREATE DATABASE ${template}`);
    const url = new URL(serverUrl);
    url.pathname = `/${template}`;
    const handle = await connectPostgres(url.toString(), { max: 1 });
    await migrateDatabase(handle);
    await handle.close();
    project.provide("pgTemplate", template);
    project.provide("pgliteSnapshot", "");
    return async () => {
      await admin.db.execute(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.close();
    };
  }

  const dir = mkdtempSync(path.join(tmpdir(), "tunnus-test-"));
  const handle = await openPglite();
  await migrateDatabase(handle);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const client = (handle.db as any).$client as import("@electric-sql/pglite").PGlite;
  const dump = await client.dumpDataDir("none");
  await handle.close();
  const file = path.join(dir, "snapshot.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteSnapshot", file);
  project.provide("pgTemplate", "");
  return () => rmSync(dir, { recursive: true, force: true });
}
