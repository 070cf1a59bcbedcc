import { createActionURL } from "@auth/core";
import { describe, expect, it } from "vitest";
import { pinAuthBaseUrl } from "@/lib/auth/base-url";
import { readEnv } from "@/lib/env";

const forged = new Headers({ host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });

describe("Auth.js's base URL", () => {
  it("comes from APP_ORIGIN, whatever Host and X-Forwarded-Host say", () => {
    const target: Record<string, string | undefined> = {
      AUTH_URL: "https://old.example",
      NEXTAUTH_URL: "https://older.example",
    };
    expect(pinAuthBaseUrl(readEnv({ APP_ORIGIN: "https://tunnus.example.org/" }), target)).toBe(
      "https://tunnus.example.org",
    );
    expect(target).toEqual({ AUTH_URL: "https://tunnus.example.org" });
    // The function Auth.js itself uses for its sign-in, sign-out and session URLs.
    expect(createActionURL("signin", "https", forged, target, { basePath: "/api/auth" }).href).toBe(
      "https://tunnus.example.org/api/auth/signin",
    );
  });

  it("in development without APP_ORIGIN, the local server; in production without one, nothing to pin", () => {
    const dev: Record<string, string | undefined> = {};
    expect(pinAuthBaseUrl(readEnv({ NODE_ENV: "development" }), dev)).toMatch(/^http:\/\/localhost:\d+$/);
    expect(dev.AUTH_URL).toMatch(/^http:\/\/localhost:\d+$/);
    const demo: Record<string, string | undefined> = {};
    expect(pinAuthBaseUrl(readEnv({ NODE_ENV: "production", TUNNUS_DEMO: "1" }), demo)).toBeNull();
    expect(demo.AUTH_URL).toBeUndefined();
  });
});
