import { describe, expect, it } from "vitest";
import { checkServiceUri } from "@/lib/oidc/redirect-uris";
import { SERVICE_URI_MAX } from "@/lib/validation/limits";

const prod = { production: true };
const dev = { production: false };
const reason = (value: string, opts = prod) => {
  const result = checkServiceUri(value, opts);
  return result.ok ? "ok" : result.reason;
};

describe("checkServiceUri", () => {
  it("takes an exact https address, kept as typed but for the white space around it", () => {
    expect(checkServiceUri("  https://jasenet.example.fi/auth/callback?x=1 ", prod)).toEqual({
      ok: true,
      value: "https://jasenet.example.fi/auth/callback?x=1",
    });
    // Not normalised: the provider compares the string the service sends.
    expect(checkServiceUri("https://Example.org:8443/Callback", prod)).toEqual({
      ok: true,
      value: "https://Example.org:8443/Callback",
    });
  });

  it("allows plain http only to localhost and 127.0.0.1, and only in development", () => {
    for (const uri of ["http://localhost/cb", "http://localhost:3001/cb", "http://127.0.0.1:8080/oidc/callback"]) {
      expect(reason(uri, dev), uri).toBe("ok");
      expect(reason(uri, prod), uri).toBe("notHttps");
    }
    for (const uri of [
      "http://example.org/cb",
      "http://localhost.example.org/cb",
      "http://10.0.0.1/cb",
      "http://[::2]/cb",
    ])
      expect(reason(uri, dev), uri).toBe("notHttps");
    expect(reason("https://localhost:3001/cb", prod)).toBe("ok");
  });

  it("refuses fragments, wildcards, user names and passwords", () => {
    expect(reason("https://example.org/cb#done")).toBe("fragment");
    expect(reason("https://example.org/cb#")).toBe("fragment");
    expect(reason("https://*.example.org/cb")).toBe("wildcard");
    expect(reason("https://example.org/*")).toBe("wildcard");
    expect(reason("https://user:pass@example.org/cb")).toBe("userinfo");
    expect(reason("https://user@example.org/cb")).toBe("userinfo");
    expect(reason("https://@example.org/cb")).toBe("userinfo");
    // An "@" in the path or query is not a user name.
    expect(reason("https://example.org/cb/@me?to=a@b")).toBe("ok");
  });

  it("refuses what is not an absolute http(s) address", () => {
    expect(reason("")).toBe("empty");
    expect(reason("   ")).toBe("empty");
    for (const uri of [
      "javascript:alert(1)",
      "data:text/html,<script>",
      "ftp://example.org/",
      "com.example.app:/cb",
      "file:///etc/passwd",
    ])
      expect(reason(uri), uri).toBe("scheme");
    for (const uri of [
      "example.org/cb",
      "/cb",
      "https:example.org/cb",
      "https:/example.org/cb",
      "https://",
      "https://exa mple.org/cb",
      "https://example.org/c\nb",
      "https://example.org/\u0000",
      "https://example.org\\@evil.example/",
      "<script>alert(1)</script>",
      "'; DROP TABLE oidc_clients; --",
    ])
      expect(reason(uri), JSON.stringify(uri)).toBe("invalid");
  });

  it("refuses an address longer than the limit", () => {
    const base = "https://example.org/";
    expect(reason(base + "a".repeat(SERVICE_URI_MAX - base.length))).toBe("ok");
    expect(reason(base + "a".repeat(SERVICE_URI_MAX - base.length + 1))).toBe("tooLong");
    expect(reason("a".repeat(10_000))).toBe("tooLong");
  });
});
