import { describe, expect, it } from "vitest";
import { safeReturnPath } from "@/lib/session/return-path";
import { requestContextFrom } from "@/lib/request/context";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security-headers";

describe("safeReturnPath", () => {
  it("keeps same-site paths", () => {
    expect(safeReturnPath("/account")).toBe("/account");
    expect(safeReturnPath("/login?callbackUrl=%2Faccount")).toBe("/login?callbackUrl=%2Faccount");
  });
  it.each([
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "account",
    "/a\nb",
    "/" + "a".repeat(600),
  ])("refuses %j", (v) => {
    expect(safeReturnPath(v)).toBe("/account");
  });
  it("refuses what is not a string", () => {
    expect(safeReturnPath(["/a"], "/")).toBe("/");
    expect(safeReturnPath(null)).toBe("/account");
  });
});

describe("content security policy", () => {
  it("allows scripts only with the nonce in production", () => {
    const csp = contentSecurityPolicy({ nonce: "abc" }, false);
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });
  it("allows a prerendered page's inline scripts by their hashes and its files by 'self', never any inline script", () => {
    const csp = contentSecurityPolicy({ scriptHashes: ["'sha256-AAA='", "'sha256-BBB='"] }, false);
    expect(csp).toContain("script-src 'self' 'sha256-AAA=' 'sha256-BBB=';");
    expect(csp).not.toMatch(/unsafe-inline'[^;]*;.*script|script-src[^;]*unsafe-inline|nonce-|strict-dynamic/);
    expect(csp).toContain("frame-ancestors 'none'");
  });
  it("sends HSTS only in production", () => {
    expect(securityHeaders({ production: true })["Strict-Transport-Security"]).toMatch(/max-age=63072000/);
    expect(securityHeaders({ production: false })["Strict-Transport-Security"]).toBeUndefined();
  });
});

describe("request context", () => {
  it("never takes the client's address from X-Forwarded-For as a client sent it", () => {
    expect(
      requestContextFrom(new Headers({ "x-forwarded-for": "203.0.113.5, 10.0.0.1", "user-agent": "UA" }), false),
    ).toEqual({
      ip: "unknown",
      userAgent: "UA",
    });
    expect(requestContextFrom(new Headers(), false)).toEqual({ ip: "unknown", userAgent: null });
  });
  it("on Vercel takes the platform's header", () => {
    expect(
      requestContextFrom(new Headers({ "x-vercel-forwarded-for": "203.0.113.5", "x-forwarded-for": "6.6.6.6" }), true),
    ).toMatchObject({ ip: "203.0.113.5" });
  });
});
