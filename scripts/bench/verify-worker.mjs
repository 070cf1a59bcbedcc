// One thread of the hashing ceiling (ceiling.ts): verifies `stored` in a loop for `seconds`.
// Plain JavaScript, so a worker thread needs no TypeScript loader.
import { parentPort, workerData } from "node:worker_threads";
import { verifySync } from "@node-rs/argon2";

const { stored, password, seconds } = workerData;
const started = performance.now();
let n = 0;
while (performance.now() - started < seconds * 1000) {
  if (!verifySync(stored, password)) throw new Error("verify failed");
  n++;
}
parentPort.postMessage({ n, ms: performance.now() - started });
