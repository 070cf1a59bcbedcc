import { describe, expect, it } from "vitest";
import { safeReturnPath } from "@/lib/session/return-path";

describe("safeReturnPath and the Location header", () => {
  it.each([
    "/。evil",
    "/ääkkönen",
    "/account\u00a0x",
    "/account x",
    "/account\u007f",
    "/\u2215\u2215evil.example",
    "/a\tb",
  ])("falls back for %j, which is not printable ASCII", (v) => {
    expect(safeReturnPath(v)).toBe("/account");
  });

  it("returns only values a Location header carries and that resolve to our own origin", () => {
    const base = "https://tunnus.example";
    for (const v of [
      "/account",
      "/admin?q=%C3%A4",
      "/.//evil.example",
      "/%2F%2Fevil.example",
      "/%5Cevil.example",
      "/activate/AbC-_9",
    ]) {
      const kept = safeReturnPath(v);
      expect(kept, v).toBe(v);
      expect(kept, v).toMatch(/^[\x21-\x7e]+$/);
      expect(new URL(kept, base).origin, v).toBe(base);
    }
  });
});
