/**
 * `npm run bench:admin [-- --users 100000 --rows 10000 --repeat 30]`: the administrators' user
 * search on a large organisation (median and p95 ms per kind of query), and a register import
 * (dry run and apply, seconds). Embedded PGlite by default; with `DATABASE_URL` a fresh database
 * is created on that server for the run and dropped after.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { connectPostgres, type DbHandle, openPglite } from "@/lib/db/client";
import { generateUsers } from "@/lib/db/generate-users";
import { migrateDatabase } from "@/lib/db/migrate";
import { organizations } from "@/lib/db/schema";
import { applyImport, checkImport } from "@/lib/flows/admin/member-import";
import { searchUsers, type UserQuery } from "@/lib/flows/admin/user-search";
import { createScratchDatabase } from "./bench/scratch-database";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "100000" },
    rows: { type: "string", default: "10000" },
    repeat: { type: "string", default: "30" },
  },
});
const [userCount, rowCount, repeat] = [Number(values.users), Number(values.rows), Number(values.repeat)];

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function openDatabase(): Promise<{ handle: DbHandle; label: string; dispose: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await openPglite();
    return { handle, label: "PGlite (in process)", dispose: () => handle.close() };
  }
  const scratch = await createScratchDatabase(serverUrl);
  const handle = await connectPostgres(scratch.url, { max: 4 });
  return {
    handle,
    label: `Postgres (${scratch.host})`,
    dispose: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

async function main() {
  const { handle, label, dispose } = await openDatabase();
  const { db } = handle;
  try {
    await migrateDatabase(handle);
    const [big] = await db.insert(organizations).values({ licence: "900", name: "Iso liitto" }).returning();
    if (!big) throw new Error("the organisation 900 was not created");
    let started = performance.now();
    await generateUsers(db, big.id, userCount);
    await db.execute("ANALYZE users");
    console.log(`${label}: ${userCount} users generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const scope = { organizationId: big.id, actorUserId: null };

    const kinds: [string, UserQuery][] = [
      ["first page, by name", {}],
      ["page 1000, by name", { page: 1000 }],
      ["by last sign-in, newest", { sort: "lastLogin", dir: "desc" }],
      ["status: locked", { status: "locked" }],
      ["search: part of a name", { q: "mäkinen 123" }],
      ["search: e-mail", { q: "user54321@example" }],
      ["search: phone as typed", { q: "040 007 7777" }],
      ["search: no match", { q: "zzzzqqq" }],
      ["search: 2 letters", { q: "ai" }],
    ];
    console.log(`\nUser search, ${repeat} runs each (ms)`);
    console.log("query".padEnd(28), "median".padStart(8), "p95".padStart(8), "results".padStart(9));
    const medians: number[] = [];
    for (const [name, query] of kinds) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < repeat + 2; i++) {
        const t0 = performance.now();
        const result = await searchUsers(db, scope, query);
        if (i >= 2) times.push(performance.now() - t0); // the first two warm caches
        total = result.total;
      }
      medians.push(percentile(times, 0.5));
      console.log(
        name.padEnd(28),
        percentile(times, 0.5).toFixed(1).padStart(8),
        percentile(times, 0.95).toFixed(1).padStart(8),
        String(total).padStart(9),
      );
    }
    console.log("median over the kinds".padEnd(28), percentile(medians, 0.5).toFixed(1).padStart(8));

    // A register of `rowCount` new people for a fresh organisation, as an administrator uploads it.
    const [club] = await db.insert(organizations).values({ licence: "901", name: "Tuontiseura" }).returning();
    if (!club) throw new Error("the organisation 901 was not created");
    const csv = [
      "Käyttäjätunnus;Nimi;Sähköposti;Puhelin;Kieli",
      ...Array.from(
        { length: rowCount },
        (_, i) =>
          `jasen${i};Jäsen ${i};jasen${i}@example.net;040${String(1000000 + i).slice(-7)};${["fi", "sv", "en"][i % 3]}`,
      ),
    ].join("\n");
    const bytes = new TextEncoder().encode(csv);
    const clubScope = { organizationId: club.id, actorUserId: null };
    const ctx = { now: new Date(), appOrigin: "https://tunnus.example" };
    started = performance.now();
    const checked = await checkImport(db, clubScope, { fileName: "rekisteri.csv", bytes }, ctx);
    const dryRun = (performance.now() - started) / 1000;
    if (!checked.ok) throw new Error(checked.reason);
    started = performance.now();
    const applied = await applyImport(db, clubScope, { importId: checked.importId, sendActivations: true }, ctx);
    const apply = (performance.now() - started) / 1000;
    if (!applied.ok) throw new Error(applied.reason);
    started = performance.now();
    const again = await checkImport(db, clubScope, { fileName: "rekisteri.csv", bytes }, ctx);
    const reCheck = (performance.now() - started) / 1000;
    if (!again.ok || again.plan.summary.unchanged !== rowCount) throw new Error("re-import is not a no-op");
    console.log(`\nImport of ${rowCount} rows (${(bytes.byteLength / 1024).toFixed(0)} KiB)`);
    console.log(
      `dry run ${dryRun.toFixed(2)} s; apply with ${applied.activationsSent} activation e-mails ${apply.toFixed(2)} s; re-import dry run (all unchanged) ${reCheck.toFixed(2)} s`,
    );
  } finally {
    await dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
