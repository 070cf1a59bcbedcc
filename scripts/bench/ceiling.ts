/**
 * The hashing ceiling, in its own process: argon2id verifies per second with the app's own
 * parameters, one worker thread per core, each verifying in a loop for `--seconds`. Prints one
 * JSON line: { verifiesPerSecond, threads, msPerVerify }.
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { hashSync } from "@node-rs/argon2";
import { ARGON2_PARAMS } from "@/lib/password/hash";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "5" } } });
const seconds = Number(values.seconds);
const threads = availableParallelism();
const password = "bench-ceiling-password";
// The app's parameters are in the hash; verifying reads them from there, as sign-in does.
const stored = hashSync(password, ARGON2_PARAMS);
const counts = await Promise.all(
  Array.from({ length: threads }, () => {
    const worker = new Worker(new URL("./verify-worker.mjs", import.meta.url), {
      workerData: { stored, password, seconds },
    });
    return new Promise<{ n: number; ms: number }>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
  }),
);
const total = counts.reduce((s, c) => s + c.n, 0);
const ms = Math.max(...counts.map((c) => c.ms));
console.log(JSON.stringify({ verifiesPerSecond: (total / ms) * 1000, threads, msPerVerify: (ms * threads) / total }));
