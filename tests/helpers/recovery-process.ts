/**
 * One "app process" for the cross-process limit test: its own postgres.js pool on the shared
 * database, nothing else in common with its sibling. Orders reset links for one address from
 * many IPs at once and prints the answers as JSON.
 */
import { connectPostgres } from "@/lib/db/client";
import { orderResetLink } from "@/lib/flows/password/reset-by-link";

const [url, email, count, ipPrefix] = process.argv.slice(2);
const handle = await connectPostgres(url!, { prepare: false, max: 4 });
const answers = await Promise.all(
  Array.from({ length: Number(count) }, (_, i) =>
    orderResetLink(
      handle.db,
      { email: email! },
      { now: new Date(), ip: `${ipPrefix}.${i + 1}`, userAgent: "process", appOrigin: "http://localhost" },
    ),
  ),
);
await handle.close();
process.stdout.write(JSON.stringify(answers.map((a) => (a.ok ? "ok" : a.reason))));
