import { connect } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres, type DbHandle } from "@/lib/db/client";
import { serveEmbeddedDatabase } from "@/lib/db/embedded-server";
import { migrateDatabase } from "@/lib/db/migrate";
import { organizations } from "@/lib/db/schema";

/**
 * Without DATABASE_URL the dev server and a CLI command use the embedded database at the same
 * time, through the socket server (lib/db/embedded-socket.ts), each with its own postgres.js pool.
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
    const [a, b] = await Promise.all([devServer.db.select().from(organizations), cli.db.select().from(organizations)]);
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

describe("turns are whole protocol units", () => {
  it("many concurrent parameterised queries from two processes' pools never cross", async () => {
    // Unnamed statements with different parameter counts: interleaved messages would mix them.
    const queries = Array.from({ length: 200 }, (_, i) =>
      i % 2
        ? devServer.db.execute(sql`SELECT ${i}::int AS a, ${"x"}::text AS b, ${i * 2}::int AS c`)
        : cli.db.execute(
            sql`SELECT ${i}::int AS a, ${"y"}::text AS b, ${i * 3}::int AS c, ${true}::bool AS d, ${"z"}::text AS e, ${i}::int AS f, ${1}::int AS g`,
          ),
    );
    const rows = (await Promise.all(queries)) as unknown as { a: number; c: number }[][];
    rows.forEach((r, i) => expect(r[0]).toMatchObject({ a: i, c: i % 2 ? i * 2 : i * 3 }));
  });

  it("a client that disconnects inside a transaction does not lock the others out", async () => {
    // A raw client: start a session, open a transaction with a write, and vanish without a word.
    const socket = connect(server.port, "127.0.0.1");
    let received = Buffer.alloc(0);
    const readyForQuery = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          let seen = 0;
          for (let i = 0; i + 5 < received.length; i++)
            if (received[i] === 0x5a && received.readInt32BE(i + 1) === 5) seen++;
          if (seen >= count) resolve();
        };
        socket.on("data", (d) => {
          received = Buffer.concat([received, d]);
          check();
        });
      });
    const params = Buffer.from("user\0postgres\0database\0postgres\0\0");
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8 + params.length, 0);
    startup.writeInt32BE(196608, 4);
    const text = Buffer.from("BEGIN; INSERT INTO tx_probe VALUES (99);\0");
    const query = Buffer.alloc(5);
    query.write("Q");
    query.writeInt32BE(4 + text.length, 1);
    const first = readyForQuery(1);
    socket.write(Buffer.concat([startup, params]));
    await first;
    const second = readyForQuery(2);
    socket.write(Buffer.concat([query, text]));
    await second;
    expect(received.at(-1)).toBe(0x54); // 'T': in a transaction
    socket.destroy();

    const rows = (await cli.db.execute(sql`SELECT n FROM tx_probe WHERE n = 99`)) as unknown as unknown[];
    expect([...rows]).toEqual([]);
    await cli.db.execute(sql`INSERT INTO tx_probe VALUES (100)`);
  });
});
