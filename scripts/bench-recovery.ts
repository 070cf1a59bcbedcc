/**
 * `npm run bench:recovery [-- --requests 100]` (after `next build`): does a recovery form answer
 * in the same time for a known and an unknown account? Posts `/forgot-password` and
 * `/order-password` like a browser without JavaScript, `--requests` times each for a known and an
 * unknown account, each from its own client address (so the per-IP limits stay out of it), on the
 * production server against the embedded database, and prints the medians and their difference.
 * `--settle-ms` (150) pauses before each request so that one request's after-response work does
 * not slow the next.
 */
import { parseArgs } from "node:util";
import { connectPostgres } from "@/lib/db/client";
import { serveEmbeddedDatabase } from "@/lib/db/embedded-server";
import { users } from "@/lib/db/schema";
import { createUser } from "@/lib/flows/admin/users";
import { postForm } from "./form-client";
import { startNextServer } from "./next-server";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "100" }, "settle-ms": { type: "string", default: "150" } },
});
const requests = Number(values.requests);
// The known path's work runs after its response (lookup, token, queue, delivery); without a pause
// it would land on the next request and be measured there, against the unknown path.
const settleMs = Number(values["settle-ms"]);
const settle = () => new Promise((r) => setTimeout(r, settleMs));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const db = await serveEmbeddedDatabase({ seed: true });
  const server = await startNextServer(db.url);
  // One known account per request: the per-address limit (3 per 15 minutes) must not answer for them.
  const h = await connectPostgres(db.url, { prepare: false, max: 2 });
  for (let i = 0; i < requests + 5; i++) {
    const created = await createUser(
      h.db,
      { licence: "123", identifier: `known${i}`, email: `known${i}@example.com` },
      { now: new Date(), actor: { userId: null }, appOrigin: server.url },
    );
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
  }
  await h.db.update(users).set({ status: "active", emailVerifiedAt: new Date() });
  await h.close();
  let client = 0;
  const headers = () => {
    client++;
    return { "x-forwarded-for": `198.18.${Math.floor(client / 250)}.${(client % 250) + 1}` };
  };
  try {
    const cases = [
      {
        form: "/forgot-password",
        label: "known",
        fields: (i: number) => ({ identifier: `known${i}@123`, channel: "email" }),
      },
      {
        form: "/forgot-password",
        label: "unknown",
        fields: (i: number) => ({ identifier: `nobody${i}@123`, channel: "email" }),
      },
      { form: "/order-password", label: "known", fields: (i: number) => ({ email: `known${i}@example.com` }) },
      { form: "/order-password", label: "unknown", fields: (i: number) => ({ email: `nobody${i}@example.com` }) },
    ];
    // Warm the server up on every path first (with accounts the measured requests do not use).
    for (const c of cases)
      for (let i = requests; i < requests + 5; i++)
        await postForm(server.url, c.form, c.fields(i), { headers: headers() });
    const results = new Map<string, number[]>();
    // Interleaved, so drift over the run hits both kinds alike.
    for (let i = 0; i < requests; i++) {
      for (const c of cases) {
        await settle();
        const r = await postForm(server.url, c.form, c.fields(i), { headers: headers() });
        if (r.status !== 200) throw new Error(`${c.form} answered ${r.status}`);
        const key = `${c.form} ${c.label}`;
        results.set(key, [...(results.get(key) ?? []), r.ms]);
      }
    }
    for (const form of ["/forgot-password", "/order-password"]) {
      const known = median(results.get(`${form} known`)!);
      const unknown = median(results.get(`${form} unknown`)!);
      console.log(
        `${form.padEnd(18)} median known ${known.toFixed(1)} ms, unknown ${unknown.toFixed(1)} ms, difference ${(known - unknown).toFixed(1)} ms (${requests} each, ${settleMs} ms apart)`,
      );
    }
  } finally {
    await server.stop();
    await db.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
