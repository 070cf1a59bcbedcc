import { describe, expect, it } from "vitest";
import { assertStartupEnv, readEnv, startupProblems } from "@/lib/env";

const secret = "s".repeat(40);

describe("production start check", () => {
  it("refuses production without DATABASE_URL and says what to set", () => {
    const problems = startupProblems(readEnv({ NODE_ENV: "production", AUTH_SECRET: secret, APP_ORIGIN: "https://t.example" }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/DATABASE_URL/);
    expect(() => assertStartupEnv(readEnv({ NODE_ENV: "production", AUTH_SECRET: secret }))).toThrow(/DATABASE_URL.*\n.*APP_ORIGIN/s);
  });

  it("refuses a missing or short AUTH_SECRET in production", () => {
    const problems = startupProblems(
      readEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://u@h/db", AUTH_SECRET: "short", APP_ORIGIN: "https://t.example" }),
    );
    expect(problems).toEqual([expect.stringMatching(/AUTH_SECRET/)]);
  });

  it("starts in production with everything set, and in development with nothing", () => {
    expect(
      startupProblems(readEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://u@h/db", AUTH_SECRET: secret, APP_ORIGIN: "https://t.example" })),
    ).toEqual([]);
    expect(startupProblems(readEnv({ NODE_ENV: "development" }))).toEqual([]);
  });

  it("reads an empty value as not set", () => {
    const e = readEnv({ DATABASE_URL: "", SESSION_IDLE_MINUTES: "" });
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.SESSION_IDLE_MINUTES).toBe(60);
  });

  it("rejects malformed values with the variable's name", () => {
    expect(() => readEnv({ DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL/);
    expect(() => readEnv({ SESSION_IDLE_MINUTES: "-5" })).toThrow(/SESSION_IDLE_MINUTES/);
  });
});
