import { describe, expect, it } from "vitest";
import { formatIdentifier, parseIdentifier } from "@/lib/identity/identifiers";

describe("parseIdentifier", () => {
  it("reads username@licence and lower-cases the name", () => {
    expect(parseIdentifier("a@123")).toEqual({ ok: true, value: { name: "a", licence: "123" } });
    expect(parseIdentifier("A@123")).toEqual({ ok: true, value: { name: "a", licence: "123" } });
    expect(parseIdentifier("Maija.Meikäläinen@123")).toEqual({
      ok: true,
      value: { name: "maija.meikäläinen", licence: "123" },
    });
  });

  it("reads a bare identifier as one of the default organisation", () => {
    expect(parseIdentifier("10001")).toEqual({ ok: true, value: { name: "10001", licence: null } });
  });

  it("trims surrounding whitespace but refuses whitespace inside", () => {
    expect(parseIdentifier("  maija@123\t")).toEqual({ ok: true, value: { name: "maija", licence: "123" } });
    expect(parseIdentifier("maija @123")).toEqual({ ok: false, problem: "malformed" });
    expect(parseIdentifier("   ")).toEqual({ ok: false, problem: "empty" });
  });

  it.each(["@123", "a@", "a@b@c", "@", "a@12 3", "maija@1;DROP TABLE users", "<script>@123", "' OR 1=1 --"])(
    "refuses %j as malformed",
    (input) => {
      expect(parseIdentifier(input)).toEqual({ ok: false, problem: "malformed" });
    },
  );

  it("refuses empty, overlong and control characters", () => {
    expect(parseIdentifier("")).toEqual({ ok: false, problem: "empty" });
    expect(parseIdentifier("a".repeat(10_000))).toEqual({ ok: false, problem: "tooLong" });
    expect(parseIdentifier("ma\u0000ija@123")).toEqual({ ok: false, problem: "malformed" });
    expect(parseIdentifier("maija\n@123")).toEqual({ ok: false, problem: "malformed" });
    expect(parseIdentifier("mai\u200bja@123")).toEqual({ ok: false, problem: "malformed" });
  });
});

describe("formatIdentifier", () => {
  it("shows the identifier as the person types it", () => {
    expect(formatIdentifier({ username: "maija", membershipNumber: null }, { licence: "123", isDefault: false })).toBe(
      "maija@123",
    );
    expect(formatIdentifier({ username: null, membershipNumber: "10001" }, { licence: "200", isDefault: true })).toBe(
      "10001",
    );
    expect(formatIdentifier({ username: null, membershipNumber: "10001" }, { licence: "200", isDefault: false })).toBe(
      "10001@200",
    );
  });
});
