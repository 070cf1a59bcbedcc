import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env, isProduction } from "@/lib/env";
import { keepParametersOutOfErrors } from "./query-errors";
import * as schema from "./schema";

// Before any connection: no query's parameters ever leave this layer inside an error.
keepParametersOutOfErrors();

/** One Drizzle type for both drivers; a transaction handle is also a `Db`. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DbHandle = {
  db: Db;
  driver: "postgres" | "pglite";
  /** The connection string, for the postgres driver. */
  url?: string;
  close: () => Promise<void>;
};

/** Written by `npm run dev` while it serves the embedded database on a local port. */
export const EMBEDDED_SERVER_FILE = ".data/pglite-server.json";

/** The URL of a running embedded database server, if `npm run dev` is serving one. */
export function runningEmbeddedServerUrl(cwd = process.cwd()): string | undefined {
  const file = path.join(cwd, EMBEDDED_SERVER_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const { port, pid } = JSON.parse(readFileSync(file, "utf8")) as { port: number; pid: number };
    process.kill(pid, 0); // throws when the server's process is gone
    return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  } catch {
    return undefined;
  }
}

export async function connectPostgres(url: string, opts: { prepare?: boolean; max?: number } = {}): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, {
    prepare: opts.prepare ?? env().DATABASE_PREPARE,
    max: opts.max ?? 10,
    onnotice: () => {},
  });
  return { db: drizzle(client, { schema }) as unknown as Db, driver: "postgres", url, close: () => client.end() };
}

/** Opens PGlite in this process: `dataDir` on disk, or in memory when omitted. */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // pg_trgm backs the administrators' user search (migration 0002).
  const client = new PGlite({ dataDir, loadDataDir, extensions: { pg_trgm } });
  await client.waitReady;
  return { db: drizzle(client, { schema }) as unknown as Db, driver: "pglite", close: () => client.close() };
}

/**
 * The driver: DATABASE_URL → postgres.js; otherwise the embedded database, so a laptop needs no
 * Postgres service, through `npm run dev`'s socket server when it runs (so two processes can share
 * it), else in this process. Production never falls back to the embedded database.
 */
export async function connectConfigured(): Promise<DbHandle> {
  const e = env();
  if (e.DATABASE_URL) return connectPostgres(e.DATABASE_URL);
  if (isProduction(e)) throw new Error("DATABASE_URL is not set; production needs a Postgres database.");
  const shared = runningEmbeddedServerUrl();
  if (shared) return connectPostgres(shared, { prepare: false, max: 4 });
  return openPglite(path.resolve(e.PGLITE_DATA_DIR));
}

const globalForDb = globalThis as unknown as { tunnusDb?: Promise<DbHandle> };

/** The app's shared handle, opened once per process (and kept across dev reloads). */
export function getDbHandle(): Promise<DbHandle> {
  globalForDb.tunnusDb ??= connectConfigured();
  return globalForDb.tunnusDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}
