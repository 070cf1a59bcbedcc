import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox } from "@/lib/db/schema";
import { seededTestDbServer } from "../helpers/db";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

/**
 * Serverless instances share nothing but Postgres: a limit kept in one process's memory would let
 * each instance grant its own 3. Two real Node processes, each with its own pool, ask at once.
 */
const h = seededTestDbServer();

const appProcess = async (ipPrefix: string) => {
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", "tests/helpers/recovery-process.ts", h.url, "jasen@example.com", "6", ipPrefix],
    {
      cwd: root,
      env: { ...process.env, NODE_ENV: "test" },
    },
  );
  return JSON.parse(stdout) as string[];
};

describe("recovery limits across app processes", () => {
  it("two processes asking for one address at once get 3 answers between them, and 3 messages go out", async () => {
    const [a, b] = await Promise.all([appProcess("198.51.100"), appProcess("203.0.113")]);
    const answers = [...a, ...b];
    expect(answers).toHaveLength(12);
    expect(answers.filter((x) => x === "ok")).toHaveLength(3);
    expect(answers.filter((x) => x === "rateLimited")).toHaveLength(9);
    const sent = await h.db.select().from(outbox).where(eq(outbox.recipient, "jasen@example.com"));
    expect(sent).toHaveLength(3);
  });
});
