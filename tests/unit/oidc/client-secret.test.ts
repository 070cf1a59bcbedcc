import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isClientId, newClientId } from "@/lib/oidc/client-id";
import { clientSecretHash, clientSecretMatches, newClientSecret } from "@/lib/oidc/client-secret";

describe("a service's secret", () => {
  it("is 32 random bytes in base64url, kept only as its SHA-256 in base64url", () => {
    const { secret, hash } = newClientSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    expect(hash).toBe(createHash("sha256").update(secret).digest("base64url"));
    expect(hash).not.toContain(secret);
    expect(clientSecretHash(secret)).toBe(hash);
    expect(newClientSecret().secret).not.toBe(secret);
  });

  it("matches only the secret itself", () => {
    const { secret, hash } = newClientSecret();
    expect(clientSecretMatches(hash, secret)).toBe(true);
    expect(clientSecretMatches(hash, `${secret}x`)).toBe(false);
    expect(clientSecretMatches(hash, secret.slice(1))).toBe(false);
    expect(clientSecretMatches(hash, hash)).toBe(false);
    expect(clientSecretMatches(hash, "")).toBe(false);
    expect(clientSecretMatches(hash, null)).toBe(false);
    expect(clientSecretMatches(null, secret)).toBe(false);
    expect(clientSecretMatches("", "")).toBe(false);
    // A hash of another length (a damaged row) is a refusal, not an exception.
    expect(clientSecretMatches("short", secret)).toBe(false);
  });
});

describe("a service's client_id", () => {
  it("is URL-safe, random and recognisable", () => {
    const id = newClientId();
    expect(id).toMatch(/^tunnus-[A-Za-z0-9_-]{22}$/);
    expect(encodeURIComponent(id)).toBe(id);
    expect(isClientId(id)).toBe(true);
    expect(newClientId()).not.toBe(id);
    for (const wrong of [
      "",
      "tunnus-",
      "tunnus-short",
      `${id}x`,
      id.replace("tunnus-", "other-"),
      "tunnus-'; drop table x",
    ])
      expect(isClientId(wrong), wrong).toBe(false);
  });
});
