import { createServer } from "node:net";
import { openPglite } from "./client";
import { EmbeddedPostgresServer } from "./embedded-socket";
import { migrateDatabase } from "./migrate";
import { seedDemoData } from "./seed";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * The embedded database served on a local port, so that several processes (the dev server, the
 * admin CLI, a test harness) share it through postgres.js. PGlite itself admits one process.
 */
export async function serveEmbeddedDatabase(opts: { dataDir?: string; port?: number; seed?: boolean }) {
  const handle = await openPglite(opts.dataDir);
  await migrateDatabase(handle);
  const seeded = opts.seed ? await seedDemoData(handle.db) : false;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pglite = (handle.db as any).$client as import("@electric-sql/pglite").PGlite;
  const port = opts.port || (await freePort());
  const server = new EmbeddedPostgresServer(pglite);
  await server.listen(port);
  return {
    port,
    seeded,
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.close();
      await handle.close();
    },
  };
}
