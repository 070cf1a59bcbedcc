/**
 * `npm run dev`: the portal with demo data and nothing else to install. Without DATABASE_URL it
 * serves the embedded database in `.data/` on a local port (so `npm run admin` and
 * `npm run db:migrate` can use it while the server runs), then starts `next dev`.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { EMBEDDED_SERVER_FILE, runningEmbeddedServerUrl } from "@/lib/db/client";
import { serveEmbeddedDatabase } from "@/lib/db/embedded-server";

async function main() {
  const nextArgs = ["dev", ...process.argv.slice(2)];
  if (process.env.DATABASE_URL) return run(nextArgs, async () => {});

  if (runningEmbeddedServerUrl()) {
    console.error(
      `Another "npm run dev" is already serving the embedded database (${EMBEDDED_SERVER_FILE}). Stop it first.`,
    );
    process.exit(1);
  }
  const dataDir = path.resolve(process.env.PGLITE_DATA_DIR ?? ".data/pglite");
  mkdirSync(dataDir, { recursive: true });
  console.log(`Tunnus: starting the embedded database in ${path.relative(process.cwd(), dataDir)} …`);
  const db = await serveEmbeddedDatabase({ dataDir, seed: true, port: Number(process.env.PGLITE_PORT) || undefined });
  if (db.seeded)
    console.log("Tunnus: demo data created. Sign in as maija@123 / demo-salasana-2026 (README lists all).");
  writeFileSync(EMBEDDED_SERVER_FILE, JSON.stringify({ port: db.port, pid: process.pid }));
  console.log(`Tunnus: embedded database on 127.0.0.1:${db.port}`);
  await run(nextArgs, async () => {
    rmSync(EMBEDDED_SERVER_FILE, { force: true });
    await db.stop();
  });
}

function run(args: string[], cleanup: () => Promise<void>): Promise<void> {
  return new Promise(() => {
    const child = spawn(process.execPath, [createRequire(import.meta.url).resolve("next/dist/bin/next"), ...args], {
      stdio: "inherit",
      env: process.env,
    });
    let stopping = false;
    const stop = async (code: number) => {
      if (stopping) return;
      stopping = true;
      child.kill("SIGTERM");
      await cleanup().catch(() => {});
      process.exit(code);
    };
    child.on("exit", (code) => void stop(code ?? 0));
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
