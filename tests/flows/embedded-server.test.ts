import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres, type DbHandle } from "@/lib/db/client";
import { serveEmbeddedDatabase } from "@/lib/db/embedded-server";
import { migrateDatabase } from "@/lib/db/migrate";
import { organizations } from "@/lib/db/schema";

/**
 * DESIGN §2: the dev server and a CLI command use the embedded database at the same time,
 * through the socket server, each with its own postgres.js pool.
 */
let server: Awaited<ReturnType<typeof serveEmbeddedDatabase>>;
let devServer: DbHandle;
let cli: DbHandle;
beforeAll(async () => {
  server = await serveEmbeddedDatabase({ seed: true });
  devServer = await connectPostgres(server.url, { prepare: false, max: 4 });
  cli = await connectPostgres(server.url, { prepare: false, max: 2 });
});
afterAll(async () => {
  await devServer.close();
  await cli.close();
  await server.stop();
});

describe("the shared embedded database", () => {
  it("serves two clients at once, and a migration run from the second", async () => {
    await migrateDatabase(cli); // what `npm run db:migrate` does while `npm run dev` runs
    const [a, b] = await Promise.all([
      devServer.db.select().from(organizations),
      cli.db.select().from(organizations),
    ]);
    expect(a.map((o) => o.licence).sort()).toEqual(["123", "200"]);
    expect(b).toHaveLength(2);
  });

  it("keeps one client's transaction apart from the other's statements", async () => {
    await devServer.db.execute(sql`CREATE TABLE IF NOT EXISTS tx_probe (n int)`);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const inTx = devServer.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO tx_probe VALUES (1)`);
      await held;
      throw new Error("roll back");
    });
    // The other client's write waits for the transaction and is not swallowed by its rollback.
    const other = cli.db.execute(sql`INSERT INTO tx_probe VALUES (2)`);
    setTimeout(release, 100);
    await expect(inTx).rejects.toThrow("roll back");
    await other;
    const rows = (await cli.db.execute(sql`SELECT n FROM tx_probe ORDER BY n`)) as unknown as { n: number }[];
    expect([...rows].map((r) => r.n)).toEqual([2]);
  });
});
