import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";
import { assertStartupEnv, startupProblems } from "@/lib/startup";

const secret = "s".repeat(40);
/** Everything a production installation needs besides what a test leaves out. */
const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgres://u@h/db",
  AUTH_SECRET: secret,
  APP_ORIGIN: "https://t.example",
  CRON_SECRET: "c".repeat(24),
  SMTP_URL: "smtp://user:pw@smtp.example:587",
  EMAIL_FROM: "Tunnus <noreply@t.example>",
  AWS_REGION: "eu-north-1",
  TRUSTED_PROXY_HOPS: "1",
};

describe("production start check", () => {
  it("refuses production without DATABASE_URL and says what to set", () => {
    const problems = startupProblems(readEnv({ ...production, DATABASE_URL: undefined }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/DATABASE_URL/);
    expect(() => assertStartupEnv(readEnv({ ...production, DATABASE_URL: undefined, APP_ORIGIN: undefined }))).toThrow(
      /DATABASE_URL.*\n.*APP_ORIGIN/s,
    );
  });

  it("refuses a missing or short AUTH_SECRET in production", () => {
    const problems = startupProblems(readEnv({ ...production, AUTH_SECRET: "short" }));
    expect(problems).toEqual([expect.stringMatching(/AUTH_SECRET/)]);
  });

  it("starts in production with everything set, and in development with nothing", () => {
    expect(startupProblems(readEnv(production))).toEqual([]);
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

describe("transports at start", () => {
  it("production sends for real: capture is refused unless demo mode is on", () => {
    const problems = startupProblems(readEnv({ ...production, EMAIL_TRANSPORT: "capture", SMS_TRANSPORT: "capture" }));
    expect(problems).toEqual([
      expect.stringMatching(/EMAIL_TRANSPORT=capture/),
      expect.stringMatching(/SMS_TRANSPORT=capture/),
    ]);
    expect(
      startupProblems(
        readEnv({ ...production, EMAIL_TRANSPORT: "capture", SMS_TRANSPORT: "capture", TUNNUS_DEMO: "1" }),
      ),
    ).toEqual([]);
  });

  it("names what SMTP and SNS are missing, in any environment", () => {
    const problems = startupProblems(
      readEnv({ NODE_ENV: "development", EMAIL_TRANSPORT: "smtp", SMS_TRANSPORT: "sns" }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^SMTP_URL must be set/),
      expect.stringMatching(/^EMAIL_FROM must be set/),
      expect.stringMatching(/^AWS_REGION must be set/),
    ]);
    expect(
      startupProblems(
        readEnv({
          ...production,
          SMTP_URL: "http://smtp.example",
          EMAIL_FROM: "not an address",
          SNS_SENDER_ID: "Too-Long-Sender",
        }),
      ),
    ).toEqual([
      expect.stringMatching(/smtp:\/\/ or smtps:\/\//),
      expect.stringMatching(/EMAIL_FROM is not an e-mail address/),
      expect.stringMatching(/SNS_SENDER_ID/),
    ]);
  });

  it("development and tests capture by default", () => {
    expect(startupProblems(readEnv({ NODE_ENV: "test" }))).toEqual([]);
  });

  it("production needs a CRON_SECRET for the retry job", () => {
    expect(startupProblems(readEnv({ ...production, CRON_SECRET: undefined }))).toEqual([
      expect.stringMatching(/CRON_SECRET/),
    ]);
  });
});

describe("the client's address at start", () => {
  it("self-hosting in production refuses to start without TRUSTED_PROXY_HOPS, and says what to set", () => {
    const problems = startupProblems(readEnv({ ...production, TRUSTED_PROXY_HOPS: undefined }));
    expect(problems).toEqual([expect.stringMatching(/^TRUSTED_PROXY_HOPS must be set.*0.*1.*2.*operator-guide/)]);
    // Demo mode is production too: its server faces a network as well.
    expect(startupProblems(readEnv({ ...production, TRUSTED_PROXY_HOPS: undefined, TUNNUS_DEMO: "1" }))).toEqual([
      expect.stringMatching(/^TRUSTED_PROXY_HOPS/),
    ]);
  });

  it("0 is a setting (clients connect directly), not a missing one; Vercel uses its own header", () => {
    expect(startupProblems(readEnv({ ...production, TRUSTED_PROXY_HOPS: "0" }))).toEqual([]);
    expect(startupProblems(readEnv({ ...production, TRUSTED_PROXY_HOPS: undefined, VERCEL: "1" }))).toEqual([]);
  });

  it("development needs none: the socket's own address", () => {
    expect(startupProblems(readEnv({ NODE_ENV: "development" }))).toEqual([]);
    expect(() => readEnv({ TRUSTED_PROXY_HOPS: "-1" })).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(() => readEnv({ TRUSTED_PROXY_HOPS: "one" })).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});
