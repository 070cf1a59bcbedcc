/**
 * `npm run bench [-- --quick | --runs 5 --seconds 20 --concurrency 8 --users 1000]`: sign-in
 * throughput of the whole app against the hashing ceiling on the same machine, and the page weight.
 *
 * Builds if needed, starts `next start` on a fresh database (embedded PGlite in its own process,
 * or a fresh database on the server of DATABASE_URL), seeds `--users` accounts with known
 * passwords, then per run: the ceiling (argon2id verifies/s, app parameters, one worker thread per
 * core, separate process, measured before and after the load and averaged), the real sign-in form
 * driven like a browser without JavaScript (GET /login, POST the form with its hidden action
 * fields) at a fixed concurrency for a fixed time, random users, right passwords. Then once:
 * wrong passwords paced below the throttles, and GET /login alone. Prints a table and writes
 * JSON (`--out`). Medians over `--runs`. Then the OpenID Provider: the whole code flow with a
 * sign-in (against the same ceiling), the flow of a browser already signed in, and the token
 * endpoint alone.
 * `--quick` (CI smoke): 200 users, 1 run of 5 s.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { hashPassword } from "@/lib/password/hash";
import { connectPostgres } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { oidcClients, organizations, users } from "@/lib/db/schema";
import { seedDemoData } from "@/lib/db/seed";
import { httpClient } from "./bench/http-client";
import { authorizeCode, CookieJar, exchangeCode, type OidcService } from "./bench/oidc-flow";
import { createScratchDatabase } from "./bench/scratch-database";
import { hiddenFieldsOfForm } from "./form-client";
import { startNextServer, type RunningServer } from "./next-server";
import { pageWeights } from "./page-weight";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    users: { type: "string" },
    concurrency: { type: "string", default: "8" },
    seconds: { type: "string" },
    runs: { type: "string" },
    "wrong-rate": { type: "string", default: "10" },
    out: { type: "string", default: "bench-results/signin.json" },
    /** A folder: the server runs with `node --cpu-prof` and writes its profile there on exit. */
    profile: { type: "string" },
  },
});
const quick = values.quick;
const opts = {
  users: Number(values.users ?? (quick ? 200 : 1000)),
  concurrency: Number(values.concurrency),
  seconds: Number(values.seconds ?? (quick ? 5 : 20)),
  runs: Number(values.runs ?? (quick ? 1 : 5)),
  ceilingSeconds: quick ? 2 : 5,
  wrongRate: Number(values["wrong-rate"]),
};
const cores = availableParallelism();
const passwordOf = (i: number) => `bench-salasana-${i}-pitkä`;

// ---------------------------------------------------------------- measuring helpers

const percentile = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]! : NaN;
const median = (xs: number[]) => percentile(xs, 0.5);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
/** CPU seconds used so far by a process and all its descendants (`next start` may fork its server). */
function processTable() {
  const procs = new Map<number, { ppid: number; ticks: number; name: string }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      procs.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), name });
    } catch {
      // the process ended while we looked
    }
  }
  return procs;
}
function treeCpuSeconds(rootPid: number): number {
  const procs = processTable();
  const inTree = (pid: number): boolean =>
    pid === rootPid || (pid > 1 && procs.has(pid) && inTree(procs.get(pid)!.ppid));
  let ticks = 0;
  for (const [pid, p] of procs) if (inTree(pid)) ticks += p.ticks;
  return ticks / CLOCK_TICKS;
}
/** CPU seconds of the local Postgres server's processes (backends included; ended backends are lost). */
function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const p of processTable().values()) if (p.name === "postgres") ticks += p.ticks;
  return ticks / CLOCK_TICKS;
}

/** `concurrency` loops calling `task` until `seconds` have passed; latencies of the successful ones. */
async function drive(
  concurrency: number,
  seconds: number,
  task: (worker: number) => Promise<{ ok: boolean; ms: number; why?: string }>,
) {
  const latencies: number[] = [];
  let errors = 0;
  const reasons = new Map<string, number>();
  const note = (why: string) => reasons.set(why, (reasons.get(why) ?? 0) + 1);
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        try {
          const r = await task(worker);
          if (r.ok) latencies.push(r.ms);
          else {
            errors++;
            note(r.why ?? "refused");
          }
        } catch (e) {
          errors++;
          note(String((e as Error).cause ?? (e as Error).message).slice(0, 200));
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  if (reasons.size) console.error("failed requests:", Object.fromEntries(reasons));
  return {
    perSecond: latencies.length / elapsed,
    count: latencies.length,
    errors,
    p50: median(latencies),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
  };
}

// ---------------------------------------------------------------- the sign-in form, without JavaScript

let client = 0;
/** Each request from its own address, as many people would come: the per-IP limit meets people, not the bench. */
const nextAddress = () => {
  client++;
  return `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`;
};

type Attempt = { status: number; signedIn: boolean; refused: boolean; ms: number; why: string };

type Client = ReturnType<typeof httpClient>;

/** GET /login and POST its form, as a browser without JavaScript; the POST is what is timed. */
async function signInOnce(http: Client, origin: string, identifier: string, password: string): Promise<Attempt> {
  const headers = { "x-forwarded-for": nextAddress(), "user-agent": "tunnus-bench" };
  const page = await http.get("/login", headers);
  const fields = [
    ...hiddenFieldsOfForm(page.body, "identifier"),
    ["identifier", identifier],
    ["password", password],
  ] as [string, string][];
  const started = performance.now();
  const response = await http.postForm("/login", fields, { ...headers, origin });
  const ms = performance.now() - started;
  const cookies = [response.headers["set-cookie"] ?? []].flat();
  const signedIn = response.status === 303 && cookies.some((c) => /tunnus\.session=[^;]+/.test(c));
  const refused = response.status === 200 && response.body.includes('role="alert"');
  const why = `${response.status}${response.status === 200 ? (refused ? " refused" : " page") : ""} ${response.body.slice(0, 120).replace(/\s+/g, " ")}`;
  return { status: response.status, signedIn, refused, ms, why };
}

// ---------------------------------------------------------------- setup

type BenchDatabase = {
  url: string;
  label: string;
  /** Named prepared statements, as the server would use them against this database. */
  prepare: boolean;
  /** CPU seconds the database has used so far (NaN when it runs elsewhere). */
  cpuSeconds: () => number;
  dispose: () => Promise<void>;
};

async function openDatabase(): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl);
    const handle = await connectPostgres(scratch.url, { max: 2 });
    await migrateDatabase(handle);
    await seedDemoData(handle.db);
    await handle.close();
    const host = new URL(scratch.url).hostname;
    return {
      url: scratch.url,
      label: `Postgres (${scratch.host})`,
      prepare: true,
      cpuSeconds: ["127.0.0.1", "localhost", "[::1]"].includes(host) ? postgresCpuSeconds : () => NaN,
      dispose: scratch.drop,
    };
  }
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench/embedded-db.ts"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once("exit", (code) => reject(new Error(`embedded database exited (${code})`)));
  });
  return {
    url,
    label: "PGlite (embedded, own process)",
    // One PGlite session serves every connection: statement names would collide.
    prepare: false,
    cpuSeconds: () => treeCpuSeconds(child.pid!),
    dispose: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** `n` active members of organisation 123 (`bench0@123` …), each with its own password and hash. */
async function seedUsers(url: string, n: number) {
  const handle = await connectPostgres(url, { max: 2, prepare: false });
  try {
    const [org] = await handle.db.select().from(organizations).where(eq(organizations.licence, "123"));
    if (!org) throw new Error("the demo organisation 123 is missing");
    const rows: (typeof users.$inferInsert)[] = [];
    for (let i = 0; i < n; i += cores * 2) {
      const batch = Array.from({ length: Math.min(cores * 2, n - i) }, (_, k) => i + k);
      const hashes = await Promise.all(batch.map((j) => hashPassword(passwordOf(j))));
      batch.forEach((j, k) =>
        rows.push({
          organizationId: org.id,
          username: `bench${j}`,
          displayName: `Bench ${j}`,
          passwordHash: hashes[k]!,
          status: "active" as const,
        }),
      );
    }
    for (let i = 0; i < rows.length; i += 500) await handle.db.insert(users).values(rows.slice(i, i + 500));
  } finally {
    await handle.close();
  }
}

function measureCeiling(seconds: number): { verifiesPerSecond: number; threads: number; msPerVerify: number } {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/bench/ceiling.ts", "--seconds", String(seconds)],
    { encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`ceiling: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!);
}

// ---------------------------------------------------------------- OpenID Connect

/** A confidential first-party service of organisation 123, as the admin pages would register it. */
async function registerBenchService(url: string): Promise<OidcService> {
  const handle = await connectPostgres(url, { max: 1, prepare: false });
  try {
    const [org] = await handle.db.select().from(organizations).where(eq(organizations.licence, "123"));
    const secret = randomBytes(32).toString("base64url");
    const service = { clientId: "bench-service", secret, redirectUri: "http://127.0.0.1:9/callback" };
    await handle.db.insert(oidcClients).values({
      clientId: service.clientId,
      organizationId: org!.id,
      name: "Bench service",
      redirectUris: [service.redirectUri],
      kind: "confidential",
      tokenEndpointAuthMethod: "client_secret_basic",
      secretHash: createHash("sha256").update(secret).digest("base64url"),
      firstParty: true,
      scopes: ["openid", "profile"],
    });
    return service;
  } finally {
    await handle.close();
  }
}

/**
 * Three OpenID cases: the whole code flow of a person not yet signed in (one argon2 verify, so
 * against the same ceiling as the sign-in); the flow of one already signed in (no verify: what
 * a second service costs); and the token endpoint alone, on codes collected beforehand.
 */
async function benchOidc(http: Client, origin: string, databaseUrl: string, randomUser: () => number) {
  const service = await registerBenchService(databaseUrl);
  const seconds = quick ? 2 : opts.seconds;
  const headers = () => ({ "x-forwarded-for": nextAddress(), "user-agent": "tunnus-bench" });
  const summarize = (r: Awaited<ReturnType<typeof drive>>) => ({
    perSecond: round(r.perSecond),
    p50: round(r.p50),
    p95: round(r.p95),
    p99: round(r.p99),
    errors: r.errors,
  });

  // As before every load: the ceiling blocks this process for seconds, and the server closes the
  // keep-alive connections idle meanwhile; let those closes land before they are reused.
  const settle = () => new Promise((r) => setTimeout(r, 1500));
  const before = measureCeiling(opts.ceilingSeconds);
  await settle();
  const full = await drive(opts.concurrency, seconds, async () => {
    const i = randomUser();
    const started = performance.now();
    const jar = new CookieJar();
    const code = await authorizeCode(http, origin, service, jar, headers(), {
      identifier: `bench${i}@123`,
      password: passwordOf(i),
    });
    if (!code.ok) return { ok: false, ms: 0, why: code.why };
    const token = await exchangeCode(http, service, code.code, code.verifier);
    return { ok: token.ok, ms: performance.now() - started, why: `token ${token.status}` };
  });
  const after = measureCeiling(opts.ceilingSeconds);
  await settle();
  const ceiling = (before.verifiesPerSecond + after.verifiesPerSecond) / 2;

  // One signed-in browser per worker: sign in once, then every request is a second service's sign-in.
  const jars = await Promise.all(
    Array.from({ length: opts.concurrency }, async (_, k) => {
      const jar = new CookieJar();
      const first = await authorizeCode(http, origin, service, jar, headers(), {
        identifier: `bench${k}@123`,
        password: passwordOf(k),
      });
      if (!first.ok) throw new Error(`OpenID sign-in failed: ${first.why}`);
      return jar;
    }),
  );
  const codes: { code: string; verifier: string }[] = [];
  const signedIn = await drive(opts.concurrency, seconds, async (worker) => {
    const started = performance.now();
    const code = await authorizeCode(http, origin, service, jars[worker]!, headers());
    if (!code.ok) return { ok: false, ms: 0, why: code.why };
    codes.push(code);
    return { ok: true, ms: performance.now() - started };
  });
  // Codes live 60 s: exchanged at once, as many as were collected.
  const started = performance.now();
  let next = 0;
  const tokenLatencies: number[] = [];
  let tokenErrors = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < codes.length) {
        const { code, verifier } = codes[next++]!;
        const t0 = performance.now();
        const r = await exchangeCode(http, service, code, verifier);
        if (r.ok) tokenLatencies.push(performance.now() - t0);
        else tokenErrors++;
      }
    }),
  );
  const tokenSeconds = (performance.now() - started) / 1000;
  return {
    fullFlow: { ...summarize(full), ceiling: round(ceiling), ratio: round(full.perSecond / ceiling, 2) },
    signedIn: summarize(signedIn),
    token: {
      perSecond: round(tokenLatencies.length / tokenSeconds),
      p50: round(median(tokenLatencies)),
      p95: round(percentile(tokenLatencies, 0.95)),
      p99: round(percentile(tokenLatencies, 0.99)),
      errors: tokenErrors,
    },
  };
}

// ---------------------------------------------------------------- the run

async function main() {
  if (!existsSync(".next/BUILD_ID")) {
    console.log("Building (next build)…");
    const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const weights = pageWeights().sort((a, b) => a.route.localeCompare(b.route));

  const database = await openDatabase();
  let server: RunningServer | undefined;
  let closeClient = () => {};
  try {
    await seedUsers(database.url, opts.users);
    // libuv's pool runs the hashes: one thread per core. More (the default 4 on 2 cores) puts two
    // hashes on each core and the main thread behind them: 121 → 137 sign-ins/s, p99 133 → 82 ms.
    const nodeArgs = values.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values.profile)}`] : [];
    server = await startNextServer(
      database.url,
      { UV_THREADPOOL_SIZE: String(cores), DATABASE_PREPARE: String(database.prepare) },
      { nodeArgs },
    );
    const origin = server.url;
    const http = httpClient(origin, 64);
    closeClient = http.close;
    const randomUser = () => Math.floor(Math.random() * opts.users);

    // The form must work without JavaScript: a plain GET and POST signs in.
    const check = await signInOnce(http, origin, "bench0@123", passwordOf(0));
    if (!check.signedIn)
      throw new Error(`/login works only with JavaScript (or not at all): a plain form POST answered ${check.status}`);
    // Warm-up at full load: the JIT, the pools and the caches settle before anything is measured.
    await drive(opts.concurrency, quick ? 1 : 10, async () => {
      const i = randomUser();
      const r = await signInOnce(http, origin, `bench${i}@123`, passwordOf(i));
      return { ok: r.signedIn, ms: r.ms };
    });

    type Run = Awaited<ReturnType<typeof drive>> & {
      ceiling: number;
      msPerVerify: number;
      ratio: number;
      cpuMsPerSignIn: number;
      clientCpuMsPerSignIn: number;
      databaseCpuMsPerSignIn: number;
    };
    const runs: Run[] = [];
    for (let run = 0; run < opts.runs; run++) {
      const before = measureCeiling(opts.ceilingSeconds);
      // The server closes keep-alive connections idle for 5 s; a load that starts right at that
      // moment would reuse a closing one ("other side closed"). Let the closes land first.
      await new Promise((r) => setTimeout(r, 1500));
      const cpuBefore = treeCpuSeconds(server.pid);
      const clientBefore = process.cpuUsage();
      const databaseBefore = database.cpuSeconds();
      const load = await drive(opts.concurrency, opts.seconds, async () => {
        const i = randomUser();
        const r = await signInOnce(http, origin, `bench${i}@123`, passwordOf(i));
        return { ok: r.signedIn, ms: r.ms, why: r.why };
      });
      const perSignIn = (ms: number) => ms / Math.max(1, load.count);
      const cpuMsPerSignIn = perSignIn((treeCpuSeconds(server.pid) - cpuBefore) * 1000);
      const client = process.cpuUsage(clientBefore);
      const clientCpuMsPerSignIn = perSignIn((client.user + client.system) / 1000);
      const databaseCpuMsPerSignIn = perSignIn((database.cpuSeconds() - databaseBefore) * 1000);
      // This machine's speed drifts by a third within minutes (a shared host): the ceiling is
      // measured on both sides of the load and averaged.
      const after = measureCeiling(opts.ceilingSeconds);
      const ceiling = {
        verifiesPerSecond: (before.verifiesPerSecond + after.verifiesPerSecond) / 2,
        msPerVerify: (before.msPerVerify + after.msPerVerify) / 2,
      };
      const ratio = load.perSecond / ceiling.verifiesPerSecond;
      runs.push({
        ...load,
        ceiling: ceiling.verifiesPerSecond,
        msPerVerify: ceiling.msPerVerify,
        ratio,
        cpuMsPerSignIn,
        clientCpuMsPerSignIn,
        databaseCpuMsPerSignIn,
      });
      console.log(
        `run ${run + 1}/${opts.runs}: ${round(load.perSecond)} sign-ins/s, p99 ${round(load.p99)} ms, ${load.errors} errors, ceiling ${round(ceiling.verifiesPerSecond)}/s (${round(before.verifiesPerSecond)} before, ${round(after.verifiesPerSecond)} after), ratio ${round(ratio, 2)}, CPU per sign-in: server ${round(cpuMsPerSignIn)} ms, load generator ${round(clientCpuMsPerSignIn)} ms, database ${round(databaseCpuMsPerSignIn)} ms`,
      );
    }

    // Wrong passwords, paced below the throttles: each account gets one wrong try (the delay starts at five).
    const wrong: Attempt[] = [];
    const wrongCount = Math.min(opts.users, Math.round(opts.wrongRate * opts.seconds));
    const pending: Promise<void>[] = [];
    for (let k = 0; k < wrongCount; k++) {
      pending.push(
        signInOnce(http, origin, `bench${k}@123`, "väärä salasana").then(
          (r) => void wrong.push(r),
          (e) => void wrong.push({ status: 0, signedIn: false, refused: false, ms: NaN, why: String(e) }),
        ),
      );
      await new Promise((r) => setTimeout(r, 1000 / opts.wrongRate));
    }
    await Promise.all(pending);
    const refusedMs = wrong.filter((w) => w.refused).map((w) => w.ms);
    const wrongResult = {
      count: wrong.length,
      refused: refusedMs.length,
      errors: wrong.length - refusedMs.length,
      p50: median(refusedMs),
      p95: percentile(refusedMs, 0.95),
      p99: percentile(refusedMs, 0.99),
    };

    const getLogin = await drive(opts.concurrency, Math.max(2, opts.seconds / 2), async () => {
      const started = performance.now();
      const r = await http.get("/login", { "x-forwarded-for": nextAddress() });
      return { ok: r.status === 200, ms: performance.now() - started };
    });

    const oidcResult = await benchOidc(http, origin, database.url, randomUser);

    const med = (key: keyof Run) => median(runs.map((r) => r[key]));
    const summary = {
      database: database.label,
      date: new Date().toISOString(),
      machine: { cores, loadAverage: loadavg().map((x) => round(x, 2)) },
      options: opts,
      signIn: {
        perSecond: round(med("perSecond")),
        p50: round(med("p50")),
        p95: round(med("p95")),
        p99: round(med("p99")),
        errors: runs.reduce((s, r) => s + r.errors, 0),
        ceiling: round(med("ceiling")),
        msPerVerify: round(med("msPerVerify")),
        ratio: round(med("ratio"), 2),
        cpuMsPerSignIn: round(med("cpuMsPerSignIn")),
        /** What the server spends per sign-in beyond one verify at the ceiling's cost. */
        cpuMsBeyondHash: round(med("cpuMsPerSignIn") - med("msPerVerify")),
        clientCpuMsPerSignIn: round(med("clientCpuMsPerSignIn")),
        databaseCpuMsPerSignIn: round(med("databaseCpuMsPerSignIn")),
      },
      runs: runs.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v as number, 2)]))),
      wrongPasswords: {
        ratePerSecond: opts.wrongRate,
        ...wrongResult,
        p50: round(wrongResult.p50),
        p95: round(wrongResult.p95),
        p99: round(wrongResult.p99),
      },
      getLogin: {
        perSecond: round(getLogin.perSecond),
        p50: round(getLogin.p50),
        p95: round(getLogin.p95),
        p99: round(getLogin.p99),
        errors: getLogin.errors,
      },
      oidc: oidcResult,
      pageWeight: weights.map((w) => ({ route: w.route, gzipBytes: w.gzipBytes })),
    };

    const s = summary.signIn;
    console.log(
      `\nSign-in benchmark: ${summary.database}, ${cores} cores, concurrency ${opts.concurrency}, ${opts.seconds} s per load, median of ${opts.runs}`,
    );
    console.log(
      "| | per second | p50 ms | p95 ms | p99 ms | errors | ceiling (verifies/s) | ratio | server CPU per sign-in (beyond the verify) | load generator CPU | database CPU |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|---|---|");
    console.log(
      `| sign-in, right password | ${s.perSecond} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.errors} | ${s.ceiling} (${s.msPerVerify} ms each) | ${s.ratio} | ${s.cpuMsPerSignIn} ms (${s.cpuMsBeyondHash} ms) | ${s.clientCpuMsPerSignIn} ms | ${s.databaseCpuMsPerSignIn} ms |`,
    );
    const w = summary.wrongPasswords;
    console.log(
      `| sign-in, wrong password (${w.ratePerSecond}/s) | ${w.refused} refused | ${w.p50} | ${w.p95} | ${w.p99} | ${w.errors} | | | | | |`,
    );
    const g = summary.getLogin;
    console.log(`| GET /login | ${g.perSecond} | ${g.p50} | ${g.p95} | ${g.p99} | ${g.errors} | | | | | |`);
    const o = summary.oidc;
    console.log(
      `| OpenID code flow with sign-in (authorize → /login → code → token) | ${o.fullFlow.perSecond} | ${o.fullFlow.p50} | ${o.fullFlow.p95} | ${o.fullFlow.p99} | ${o.fullFlow.errors} | ${o.fullFlow.ceiling} | ${o.fullFlow.ratio} | | | |`,
    );
    console.log(
      `| OpenID code flow, already signed in (authorize → code) | ${o.signedIn.perSecond} | ${o.signedIn.p50} | ${o.signedIn.p95} | ${o.signedIn.p99} | ${o.signedIn.errors} | | | | | |`,
    );
    console.log(
      `| token endpoint alone (code → tokens) | ${o.token.perSecond} | ${o.token.p50} | ${o.token.p95} | ${o.token.p99} | ${o.token.errors} | | | | | |`,
    );
    console.log("\nJavaScript each route loads (gzip KiB):");
    for (const p of summary.pageWeight)
      console.log(`  ${p.route.padEnd(34)} ${(p.gzipBytes / 1024).toFixed(1).padStart(7)}`);

    mkdirSync(path.dirname(values.out), { recursive: true });
    writeFileSync(values.out, JSON.stringify(summary, null, 2) + "\n");
    console.log(`\nWritten to ${values.out}`);
    const failed = s.errors + w.errors + g.errors + o.fullFlow.errors + o.signedIn.errors + o.token.errors;
    if (failed > 0) {
      console.error(`${failed} requests failed`);
      process.exitCode = 1;
    }
  } finally {
    closeClient();
    await server?.stop();
    await database.dispose();
  }
}

await main();
