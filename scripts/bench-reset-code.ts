/**
 * `npm run bench:reset-code [-- --requests 30]`: what one post of the reset code step costs the
 * server when the code is wrong and the new password is the 256-character keyboard pattern of
 * the security review ("1q2w3e4r5t6y7u8i9o0p" repeated). The flow runs in this process against an
 * embedded database; each request uses its own name and address, so no limit answers for it.
 * For comparison, in the same run: the strength estimate alone on that password, which the step
 * used to run for every post before the code was checked.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { checkPasswordPolicy } from "@/lib/password/policy";
import { openPglite } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { seedDemoData } from "@/lib/db/seed";
import { resetPasswordWithCode } from "@/lib/flows/password/reset-by-code";
import { PASSWORD_MAX } from "@/lib/validation/limits";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "30" }, estimates: { type: "string", default: "3" } },
});
const requests = Number(values.requests);
const PATTERN = "1q2w3e4r5t6y7u8i9o0p".repeat(13).slice(0, PASSWORD_MAX);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall time and CPU time (user + system) of one call, in ms. */
async function measure(work: () => unknown): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

async function main() {
  const h = await openPglite();
  await migrateDatabase(h);
  await seedDemoData(h.db);
  try {
    const post = (i: number) =>
      resetPasswordWithCode(
        h.db,
        { identifier: `nobody${i}@123`, code: "000000", password: PATTERN, repeat: PATTERN },
        { now: new Date(), ip: `198.18.0.${(i % 250) + 1}`, userAgent: "bench" },
      );
    for (let i = 0; i < 5; i++) await post(requests + i); // warm-up
    const steps = [];
    for (let i = 0; i < requests; i++) {
      const answer = await post(i);
      if (answer.ok || answer.reason !== "codeWrong") throw new Error(`unexpected answer ${JSON.stringify(answer)}`);
      steps.push(await measure(() => post(i + 1000)));
    }
    const estimates = [];
    for (let i = 0; i < Number(values.estimates); i++)
      estimates.push(await measure(() => checkPasswordPolicy(PATTERN, { minLength: 15 })));
    console.log(
      `code step, wrong code + 256-character pattern: median ${median(steps.map((s) => s.wall)).toFixed(1)} ms wall, ${median(steps.map((s) => s.cpu)).toFixed(1)} ms CPU (${requests} posts)`,
    );
    console.log(
      `the strength estimate alone on that password (what ran first before): median ${median(estimates.map((s) => s.wall)).toFixed(0)} ms wall, ${median(estimates.map((s) => s.cpu)).toFixed(0)} ms CPU (${estimates.length} runs)`,
    );
  } finally {
    await h.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
