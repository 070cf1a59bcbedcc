import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { count, eq, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, inject } from "vitest";
import { connectPostgres, type Db, type DbHandle, openPglite } from "@/lib/db/client";
import { serveEmbeddedDatabase } from "@/lib/db/embedded-server";
import { organizations } from "@/lib/db/schema";
import { seedDemoData } from "@/lib/db/seed";
import { userByEmail } from "./fixtures";

type TestAdminScope = { organizationId: string; actorUserId: string; ip?: string; userAgent?: string };

/**
 * A test file's database, opened before the file's tests and closed after them. Read `db` (and
 * call the rest) only inside hooks and tests: at the top level of the file it is not open yet.
 */
export type TestDb = {
  readonly db: Db;
  /** The handle itself, for what takes one (migrateDatabase). */
  readonly handle: DbHandle;
  /** How many rows `table` holds, or those of them that match `where`. */
  count: (table: PgTable, where?: SQL) => Promise<number>;
  /** How many rows each table holds, under the names given: `counts({ users, outbox })`. */
  counts: <Names extends string>(tables: Record<Names, PgTable>) => Promise<Record<Names, number>>;
  /** The organisation with this licence (the demo data has "123", Demo Oy, and "200", Demo-liitto ry). */
  organization: (licence: string) => ReturnType<typeof organizationByLicence>;
  /**
   * What the admin pages pass to the flows for the administrator with this e-mail: their own
   * organisation and themselves as the actor, with the request's `ip` and `userAgent` if given.
   */
  adminScope: (email: string, extra?: { ip?: string; userAgent?: string }) => Promise<TestAdminScope>;
};

/**
 * A fresh, migrated database for this test file with the demo data in it (lib/db/seed.ts: Demo Oy
 * with admin@, maija@, erik@ and the invited uusi@example.com; Demo-liitto ry with jasen@ and
 * liitto.admin@example.com). PGlite in memory by default; with TEST_DATABASE_URL a database of its
 * own on that Postgres server (CI runs tests/flows both ways).
 *
 * Call it once, at the top level of the file. Its hooks are registered where it is called: a
 * `beforeAll` written after the call runs with the data in place, one written before it runs first
 * (and its `afterAll` after the database is closed). The tests of a file share the database, as
 * they share the file: each test makes its own people or reads what the others leave alone.
 */
export function seededTestDb(): TestDb {
  return testDb({ seed: true });
}

/** As `seededTestDb`, but empty: only the schema, for tests of the outbox and of seeding itself. */
export function emptyTestDb(): TestDb {
  return testDb({ seed: false });
}

/**
 * As `seededTestDb`, on a database other processes can reach at `url` (a CLI run, a second app
 * process): its own database on the Postgres server with TEST_DATABASE_URL, else PGlite behind the
 * embedded socket server (PGlite has one connection; the server is how several processes share it).
 */
export function seededTestDbServer(): TestDb & { readonly url: string } {
  const server = testDbServer();
  let handle: DbHandle | undefined;
  beforeAll(async () => {
    handle = await connectPostgres(server.url, { prepare: false, max: 2 });
    await seedDemoData(handle.db);
  });
  afterAll(() => handle?.close());
  return new ServedTestDb(() => handle, server);
}

/**
 * A migrated, empty database at `url` for this test file, as `seededTestDbServer` serves it, for a
 * test that connects with a client of its own.
 */
export function testDbServer(): { readonly url: string } {
  let server: { url: string; stop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    const shared = await createSharedTestDb();
    server = shared ? { url: shared.url, stop: shared.drop } : await serveEmbeddedDatabase({});
  });
  afterAll(() => server?.stop());
  return {
    get url() {
      if (!server) throw new Error("the database server starts in the file's beforeAll: ask for its url in a test");
      return server.url;
    },
  };
}

/** The organisation with this licence: the demo data has "123" (Demo Oy) and "200" (Demo-liitto ry). */
export async function organizationByLicence(db: Db, licence: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.licence, licence));
  if (!row) throw new Error(`no organisation ${licence}`);
  return row;
}

function testDb(opts: { seed: boolean }): TestDb {
  let handle: DbHandle | undefined;
  beforeAll(async () => {
    handle = await createTestDb();
    if (opts.seed) await seedDemoData(handle.db);
  });
  afterAll(() => handle?.close());
  return new OpenedTestDb(() => handle);
}

class OpenedTestDb implements TestDb {
  constructor(private readonly current: () => DbHandle | undefined) {}

  get handle() {
    const handle = this.current();
    if (!handle) throw new Error("the test database opens in the file's beforeAll: use it in a hook or a test");
    return handle;
  }

  get db() {
    return this.handle.db;
  }

  async count(table: PgTable, where?: SQL) {
    const [row] = await this.db.select({ n: count() }).from(table).where(where);
    return row?.n ?? 0;
  }

  async counts<Names extends string>(tables: Record<Names, PgTable>) {
    const counted = {} as Record<Names, number>;
    for (const name of Object.keys(tables) as Names[]) counted[name] = await this.count(tables[name]);
    return counted;
  }

  organization(licence: string) {
    return organizationByLicence(this.db, licence);
  }

  async adminScope(email: string, extra: { ip?: string; userAgent?: string } = {}) {
    const admin = await userByEmail(this.db, email);
    return { organizationId: admin.organizationId, actorUserId: admin.id, ...extra };
  }
}

class ServedTestDb extends OpenedTestDb {
  constructor(
    current: () => DbHandle | undefined,
    private readonly server: { readonly url: string },
  ) {
    super(current);
  }

  get url() {
    return this.server.url;
  }
}

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, a real Postgres
 * database when TEST_DATABASE_URL is set (CI runs the suite both ways).
 */
async function createTestDb(): Promise<DbHandle> {
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
async function createSharedTestDb(): Promise<{ url: string; drop: () => Promise<void> } | null> {
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
