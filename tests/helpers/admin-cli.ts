import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

/**
 * `npm run admin -- …` as the operator runs it: a real process (tsx) against the database at
 * `databaseUrl()`, asked when the command runs (the test database starts in the file's beforeAll).
 */
export function adminCli(databaseUrl: () => string) {
  return async function admin(...args: string[]) {
    try {
      const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl(),
          DATABASE_PREPARE: "false",
          APP_ORIGIN: "https://tunnus.example",
          NODE_ENV: "development",
          EMAIL_TRANSPORT: "capture",
        },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}
