import { randomBytes } from "node:crypto";
import { connectPostgres } from "@/lib/db/client";

/**
 * A fresh, empty database on the Postgres server of `serverUrl` for one benchmark run; `drop()`
 * removes it (and ends its connections) afterwards.
 */
export async function createScratchDatabase(
  serverUrl: string,
): Promise<{ url: string; host: string; drop: () => Promise<void> }> {
  const name = `tunnus_bench_${randomBytes(4).toString("hex")}`;
  const admin = await connectPostgres(serverUrl, { max: 1, prepare: false });
  await admin.db.execute(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    host: url.host,
    drop: async () => {
      await admin.db.execute(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}
