// Adds up the Vitest JSON reports in a folder and prints "N passed, N failed" as the last line.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2];
let passed = 0;
let failed = 0;
if (dir && existsSync(dir)) {
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const report = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
    // A file that failed to load counts as a failure even though none of its tests ran.
    const brokenFiles = (report.testResults ?? []).filter(
      (r) => r.status === "failed" && (r.assertionResults ?? []).length === 0,
    ).length;
    console.log(
      `${file.replace(/\.json$/, "")}: ${report.numPassedTests} passed, ${report.numFailedTests + brokenFiles} failed`,
    );
    passed += report.numPassedTests;
    failed += report.numFailedTests + brokenFiles;
  }
}
console.log(`${passed} passed, ${failed} failed`);
