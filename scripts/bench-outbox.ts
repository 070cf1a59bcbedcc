/**
 * `npm run bench:outbox [-- --messages 2000]`: throughput of the outbox into the capture transport
 * (render + send + scrub, one and two workers), and the time from a committed enqueue to
 * "sent" when the request path delivers right after (what `after()` does). Embedded PGlite by
 * default; `DATABASE_URL` measures a real Postgres (tables must be migrated; rows are removed).
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { connectPostgres, type DbHandle, openPglite } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { capturedMessages, outbox } from "@/lib/db/schema";
import { deliverDue, enqueue, type OutgoingMessage } from "@/lib/messages/outbox";
import { captureTransports } from "@/lib/messages/transports/capture";

const { values } = parseArgs({
  options: { messages: { type: "string", default: "2000" }, latency: { type: "string", default: "100" } },
});
const total = Number(values.messages);

function message(i: number): OutgoingMessage {
  if (i % 4 === 3) {
    return {
      channel: "sms",
      to: "+358401234567",
      template: "ResetCodeSms",
      props: { language: "fi", organizationName: "Demo Oy", code: "123456", expiresInMinutes: 10 },
    };
  }
  return {
    channel: "email",
    to: `user${i}@example.com`,
    template: "ActivationEmail",
    props: {
      language: (["fi", "sv", "en"] as const)[i % 3]!,
      organizationName: "Demo Oy",
      supportEmail: "tuki@demo-oy.example",
      recipientName: `Henkilö ${i}`,
      username: `user${i}@123`,
      activationUrl: `https://tunnus.example/activate/token-${i}`,
      expiresInMinutes: 10080,
    },
  };
}

async function fill(h: DbHandle, n: number) {
  await h.db.delete(outbox);
  for (let start = 0; start < n; start += 500) {
    await h.db.transaction(async (tx) => {
      for (let i = start; i < Math.min(n, start + 500); i++) await enqueue(tx, message(i));
    });
  }
}

async function drain(h: DbHandle, workers: number): Promise<number> {
  const transports = captureTransports(h.db);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (;;) {
        const r = await deliverDue(h.db, { transports, batchSize: 50 });
        if (r.sent + r.retried + r.failed === 0) return;
      }
    }),
  );
  return performance.now() - t0;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main() {
  const url = process.env.DATABASE_URL;
  const h = url ? await connectPostgres(url, { max: 4 }) : await openPglite();
  await migrateDatabase(h);
  console.log(
    `outbox bench on ${url ? "Postgres (DATABASE_URL)" : "PGlite in memory"}, ${total} messages (3/4 e-mail, 1/4 SMS)\n`,
  );

  // Warm up the renderer and the queries once.
  await fill(h, 20);
  await drain(h, 1);

  for (const workers of [1, 2]) {
    await fill(h, total);
    const ms = await drain(h, workers);
    const sent = await h.db.$count(outbox, eq(outbox.status, "sent"));
    console.log(
      `${workers} worker(s): ${sent} sent in ${(ms / 1000).toFixed(2)} s = ${Math.round((sent / ms) * 1000)} messages/s`,
    );
  }

  const samples: number[] = [];
  await h.db.delete(outbox);
  const transports = captureTransports(h.db);
  for (let i = 0; i < Number(values.latency); i++) {
    const t0 = performance.now();
    const id = await h.db.transaction((tx) => enqueue(tx, message(i)));
    await deliverDue(h.db, { transports, batchSize: 50 });
    const [row] = await h.db.select({ status: outbox.status }).from(outbox).where(eq(outbox.id, id));
    if (row?.status !== "sent") throw new Error("not delivered");
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `\nenqueue (committed) → sent, delivered on the request path: p50 ${pct(samples, 50).toFixed(1)} ms, p95 ${pct(samples, 95).toFixed(1)} ms, max ${samples.at(-1)!.toFixed(1)} ms (${samples.length} messages)`,
  );
  await h.db.delete(capturedMessages);
  await h.db.delete(outbox);
  await h.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
