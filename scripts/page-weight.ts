/**
 * `npm run page-weight` (after `next build`): the JavaScript each route loads first, raw and
 * gzipped, from Next's own build diagnostics.
 */
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

type RouteStats = { route: string; firstLoadUncompressedJsBytes: number; firstLoadChunkPaths: string[] };

export function pageWeights(statsFile = ".next/diagnostics/route-bundle-stats.json") {
  const stats = JSON.parse(readFileSync(statsFile, "utf8")) as RouteStats[];
  const gzipped = new Map<string, number>();
  const gzipOf = (file: string) => {
    const known = gzipped.get(file);
    if (known !== undefined) return known;
    const size = gzipSync(readFileSync(file), { level: 9 }).length;
    gzipped.set(file, size);
    return size;
  };
  return stats.map((s) => ({
    route: s.route,
    rawBytes: s.firstLoadUncompressedJsBytes,
    gzipBytes: s.firstLoadChunkPaths.reduce((sum, f) => sum + gzipOf(f), 0),
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = pageWeights().sort((a, b) => a.route.localeCompare(b.route));
  console.log("route".padEnd(32), "JS raw KiB".padStart(11), "JS gzip KiB".padStart(12));
  for (const r of rows)
    console.log(
      r.route.padEnd(32),
      (r.rawBytes / 1024).toFixed(1).padStart(11),
      (r.gzipBytes / 1024).toFixed(1).padStart(12),
    );
}
