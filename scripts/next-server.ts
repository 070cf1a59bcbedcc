import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { freePort } from "@/lib/db/embedded-server";

export type RunningServer = {
  url: string;
  port: number;
  pid: number;
  cronSecret: string;
  output: () => string;
  stop: () => Promise<void>;
};

/**
 * `next start` (the production build) in demo mode against `databaseUrl`, on a free port (or `opts.port`), with
 * fresh secrets; resolves once it answers. Used by the browser tests and the benchmarks.
 * The callers play the part of one proxy: each browser context or simulated client sends its own
 * X-Forwarded-For, so the server trusts one hop unless `env` says otherwise.
 */
export async function startNextServer(
  databaseUrl: string,
  env: Record<string, string> = {},
  opts: { port?: number; nodeArgs?: string[]; host?: string } = {},
): Promise<RunningServer> {
  const port = opts.port ?? (await freePort());
  // `host`: the address to listen on (`next start -H`), as behind a reverse proxy; by default every interface.
  const url = `http://${opts.host ?? "localhost"}:${port}`;
  const cronSecret = randomBytes(24).toString("base64url");
  let output = "";
  const child = spawn(
    process.execPath,
    [
      ...(opts.nodeArgs ?? []),
      "node_modules/next/dist/bin/next",
      "start",
      "-p",
      String(port),
      ...(opts.host ? ["-H", opts.host] : []),
    ],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        DATABASE_PREPARE: "false",
        AUTH_SECRET: randomBytes(32).toString("base64url"),
        APP_ORIGIN: url,
        TUNNUS_DEMO: "1",
        CRON_SECRET: cronSecret,
        TRUSTED_PROXY_HOPS: "1",
        NEXT_TELEMETRY_DISABLED: "1",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`${url}/login`, { redirect: "manual" }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return { url, port, pid: child.pid!, cronSecret, output: () => output, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`next start did not come up:\n${output}`);
}
