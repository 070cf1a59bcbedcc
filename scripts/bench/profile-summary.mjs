// `node scripts/bench/profile-summary.mjs <file.cpuprofile>`: where the main thread's time went,
// self time grouped by package (or node internals, GC, idle), largest first.
import { readFileSync } from "node:fs";

const profile = JSON.parse(readFileSync(process.argv[2], "utf8"));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++)
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));

function group(node) {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName ? (functionName.startsWith("(") ? functionName : `(${functionName})`) : "(native)";
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) {
    if (pkg[1] === "next") {
      const part = /next\/dist\/(compiled\/[^/]+|server\/[^/]+|[^/]+)/.exec(url);
      return `next/${part ? part[1] : "?"}`;
    }
    return pkg[1];
  }
  // Turbopack names server chunks after what they hold ("node_modules_next-intl_…", "[root-of-the-server]__…").
  if (url.includes("/.next/server/"))
    return `chunk ${url
      .split("/")
      .pop()
      .replace(/_[0-9a-f]{6,}\._?\.?js$|\.js$/, "")}`;
  return url.split("/").slice(-2).join("/");
}

const groups = new Map();
let total = 0;
for (const [id, us] of self) {
  const g = group(byId.get(id));
  groups.set(g, (groups.get(g) ?? 0) + us);
  total += us;
}
const idle = groups.get("(idle)") ?? 0;
const busy = total - idle;
console.log(
  `profile ${(total / 1e6).toFixed(1)} s, main thread busy ${(busy / 1e6).toFixed(1)} s (${((busy / total) * 100).toFixed(0)} %)`,
);
for (const [g, us] of [...groups]
  .filter(([g]) => g !== "(idle)")
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(process.argv[3] ?? 25))) {
  console.log(`${((us / busy) * 100).toFixed(1).padStart(6)} %  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${g}`);
}
