import { describe, expect, it } from "vitest";
import {
  enabledExternalProviders,
  externalProviderName,
  externalProviderProblems,
  findEnabledProvider,
} from "@/lib/auth/external-config";
import { readEnv } from "@/lib/env";
import { contentSecurityPolicy } from "@/lib/security-headers";
import { decodeLinkIntent, encodeLinkIntent } from "@/lib/session/link-intent";
import { startupProblems } from "@/lib/startup";

const SECRET = "a".repeat(32);

describe("which outside providers are on", () => {
  it("none without variables", () => {
    expect(enabledExternalProviders(readEnv({}))).toEqual([]);
  });

  it("each provider only when its id and secret are set, in a fixed order", () => {
    const e = readEnv({
      AUTH_TWITTER_ID: "t",
      AUTH_TWITTER_SECRET: "ts",
      AUTH_GOOGLE_ID: "g",
      AUTH_GOOGLE_SECRET: "gs",
      AUTH_FACEBOOK_ID: "only-id",
      AUTH_OIDC_ISSUER: "https://id.example.org/realms/members",
      AUTH_OIDC_ID: "o",
      AUTH_OIDC_SECRET: "os",
      AUTH_OIDC_NAME: "Liiton tunnistus",
    });
    expect(enabledExternalProviders(e).map((p) => [p.id, p.name])).toEqual([
      ["google", "Google"],
      ["twitter", "X"],
      ["oidc", "Liiton tunnistus"],
    ]);
    expect(enabledExternalProviders(e).find((p) => p.id === "oidc")?.formTargets).toEqual(["https://id.example.org"]);
    expect(findEnabledProvider(e, "facebook")).toBeUndefined();
    expect(findEnabledProvider(e, ["google"])).toBeUndefined();
    expect(findEnabledProvider(e, "google")?.clientId).toBe("g");
    expect(externalProviderName(e, "microsoft-entra-id")).toBe("Microsoft");
    expect(externalProviderName(e, "oidc")).toBe("Liiton tunnistus");
  });

  it("half a configuration is a start-up problem, named", () => {
    const e = readEnv({ AUTH_FACEBOOK_ID: "only-id", AUTH_OIDC_ISSUER: "https://id.example.org" });
    const problems = externalProviderProblems(e);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("AUTH_FACEBOOK_SECRET");
    expect(problems[1]).toContain("AUTH_OIDC_ID");
    expect(startupProblems(e)).toEqual(expect.arrayContaining(problems));
  });

  it("the policy lets a form go on to the configured providers' consent pages only", () => {
    const csp = contentSecurityPolicy({ nonce: "n" }, false, ["https://accounts.google.com"]);
    expect(csp).toContain("form-action 'self' https://accounts.google.com;");
    expect(contentSecurityPolicy({ nonce: "n" }, false)).toContain("form-action 'self';");
  });
});

describe("the link intent", () => {
  const now = new Date("2026-11-22T10:00:00Z");
  const intent = { userId: "u1", sessionId: "s1", provider: "oidc", expiresAt: now.getTime() + 600_000 };

  it("round-trips while fresh", () => {
    expect(decodeLinkIntent(encodeLinkIntent(intent, SECRET), SECRET, now)).toEqual(intent);
  });

  it("is refused when expired, signed with another secret, altered or malformed", () => {
    const value = encodeLinkIntent(intent, SECRET);
    expect(decodeLinkIntent(value, SECRET, new Date(intent.expiresAt))).toBeNull();
    expect(decodeLinkIntent(value, "b".repeat(32), now)).toBeNull();
    const [, mac] = value.split(".");
    const forged = Buffer.from(JSON.stringify(["attacker", "s1", "oidc", intent.expiresAt])).toString("base64url");
    expect(decodeLinkIntent(`${forged}.${mac}`, SECRET, now)).toBeNull();
    for (const bad of [
      undefined,
      "",
      "x",
      "x.y.z",
      `${value}.`,
      "a".repeat(10_000),
      "<script>.'; DROP TABLE users;--",
    ]) {
      expect(decodeLinkIntent(bad, SECRET, now)).toBeNull();
    }
  });
});
