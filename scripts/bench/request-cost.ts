/**
 * `tsx scripts/bench/request-cost.ts [--n 300]`: server CPU per request, by kind, one request at a
 * time (so a busy machine shifts the figures little): GET /login, the sign-in POST alone, and a
 * whole sign-in. Against the local Postgres (DATABASE_URL) on a fresh database. For profiling work;
 * `npm run bench` is the benchmark.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { hashPassword } from "@/lib/password/hash";
import { connectPostgres } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { organizations, users } from "@/lib/db/schema";
import { seedDemoData } from "@/lib/db/seed";
import { hiddenFieldsOfForm } from "../form-client";
import { createScratchDatabase } from "./scratch-database";
import { startNextServer } from "../next-server";

const { values } = parseArgs({
  options: { n: { type: "string", default: "300" }, cpuprof: { type: "string" }, only: { type: "string" } },
});
const n = Number(values.n);
const TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
function treeCpu(root: number): number {
  const procs = new Map<number, { ppid: number; t: number }>();
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const s = readFileSync(`/proc/${e}/stat`, "utf8");
      const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
      procs.set(Number(e), { ppid: Number(f[1]), t: Number(f[11]) + Number(f[12]) });
    } catch {}
  }
  const inTree = (p: number): boolean => p === root || (p > 1 && procs.has(p) && inTree(procs.get(p)!.ppid));
  let t = 0;
  for (const [p, v] of procs) if (inTree(p)) t += v.t;
  return (t / TICKS) * 1000;
}

const scratch = await createScratchDatabase(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const h = await connectPostgres(scratch.url, { max: 2 });
await migrateDatabase(h);
await seedDemoData(h.db);
const [org] = await h.db.select().from(organizations).where(eq(organizations.licence, "123"));
if (!org) throw new Error("the demo organisation 123 is missing");
const hash = await hashPassword("bench-salasana-pitkä-1");
await h.db.insert(users).values(
  Array.from({ length: 50 }, (_, i) => ({
    organizationId: org.id,
    username: `cost${i}`,
    displayName: `C ${i}`,
    passwordHash: hash,
    status: "active" as const,
  })),
);
await h.close();

const server = await startNextServer(
  scratch.url,
  {},
  { nodeArgs: values.cpuprof ? ["--cpu-prof", `--cpu-prof-dir=${values.cpuprof}`] : [] },
);
const origin = server.url;
let ip = 0;
const hdr = () => ({ "x-forwarded-for": `10.9.${(++ip >> 8) & 255}.${ip & 255}`, "user-agent": "cost" });
async function getLogin() {
  const r = await fetch(`${origin}/login`, { headers: hdr() });
  return r.text();
}
async function post(html: string, i: number) {
  const form = new FormData();
  for (const [k, v] of hiddenFieldsOfForm(html, "identifier")) form.append(k, v);
  form.append("identifier", `cost${i % 50}@123`);
  form.append("password", "bench-salasana-pitkä-1");
  const r = await fetch(`${origin}/login`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { ...hdr(), origin },
  });
  await r.text();
  if (r.status !== 303) throw new Error(`POST ${r.status}`);
}
async function measure(label: string, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 30; i++) await fn(i);
  const c0 = treeCpu(server.pid);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const cpu = (treeCpu(server.pid) - c0) / n;
  const wall = (performance.now() - t0) / n;
  console.log(`${label.padEnd(22)} server CPU ${cpu.toFixed(2)} ms   wall ${wall.toFixed(2)} ms`);
}
try {
  const html = await getLogin();
  const only = values.only;
  if (!only || only === "get") await measure("GET /login", () => getLogin());
  if (!only || only === "post") await measure("POST sign-in only", (i) => post(html, i));
  if (!only || only === "both") await measure("GET + POST", async (i) => post(await getLogin(), i));
} finally {
  await server.stop();
  await scratch.drop();
}
