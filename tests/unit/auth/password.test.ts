import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";

describe("password hashing", () => {
  it("stores argon2id with m=19456, t=2, p=1 and verifies", async () => {
    const stored = await hashPassword("kesä on kaunis ja pitkä");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, "kesä on kaunis ja pitkä")).toBe(true);
    expect(await verifyPassword(stored, "kesä on kaunis ja pitka")).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it("treats the same text in two Unicode forms as one password", async () => {
    const stored = await hashPassword("p\u00e4iv\u00e4nkakkara-2026");
    expect(await verifyPassword(stored, "pa\u0308iva\u0308nkakkara-2026")).toBe(true);
  });

  it("asks for a rehash when the stored parameters are weaker", () => {
    expect(needsRehash("$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo")).toBe(true);
    expect(needsRehash("$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo")).toBe(true);
    expect(needsRehash("$2b$10$abcdefghijklmnopqrstuv")).toBe(true);
  });

  it("never accepts a malformed stored hash", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });
});

describe("password policy", () => {
  const personal = ["maija", "maija@123", "Maija Meikäläinen", "Demo Oy", "123"];

  it("accepts a long passphrase without composition rules", () => {
    expect(checkPasswordPolicy("kesä on kaunis ja pitkä", { personal })).toBeNull();
    expect(checkPasswordPolicy("correct horse battery staple")).toBeNull();
  });

  it("enforces the length range, configurable per organisation", () => {
    expect(checkPasswordPolicy("")).toEqual({ code: "empty" });
    expect(checkPasswordPolicy("lyhyt-sana")).toEqual({ code: "tooShort", min: 15 });
    expect(checkPasswordPolicy("kesä on kaunis", { minLength: 15 })).toEqual({ code: "tooShort", min: 15 });
    expect(checkPasswordPolicy("x".repeat(257))).toEqual({ code: "tooLong", max: 256 });
    expect(checkPasswordPolicy("a".repeat(10_000))).toEqual({ code: "tooLong", max: 256 });
  });

  it("refuses control characters", () => {
    expect(checkPasswordPolicy("kesä on\u0000kaunis ja pitkä")).toEqual({ code: "controlCharacters" });
  });

  it.each(["salasana123456", "qwertyuiopasdf", "Password1234", "aaaaaaaaaaaaaa", "123456789012"])("refuses common %j", (pw) => {
    expect(checkPasswordPolicy(pw, { minLength: 12 })).toEqual({ code: "common" });
  });

  it.each(["maija2026maija", "Maija@123maija", "meikäläinen123", "maijameikäläinen"])("refuses %j built from the person's details", (pw) => {
    expect(checkPasswordPolicy(pw, { personal, minLength: 12 })).toEqual({ code: "personal" });
  });
});
