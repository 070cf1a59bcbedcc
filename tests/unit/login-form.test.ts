import { describe, expect, it } from "vitest";
import { parseLoginForm } from "@/app/(site)/(auth)/login/schema";

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe("the sign-in form", () => {
  it("accepts a well-formed identifier and password", () => {
    expect(parseLoginForm(form({ identifier: " maija@123 ", password: "demo-salasana-2026" }))).toEqual({
      ok: true,
      data: { identifier: "maija@123", password: "demo-salasana-2026" },
    });
  });

  it("names each empty field", () => {
    expect(parseLoginForm(form({ identifier: "", password: "" }))).toEqual({
      ok: false,
      state: { errors: { identifier: "errors.identifierEmpty", password: "errors.passwordEmpty" }, identifier: "" },
    });
    expect(parseLoginForm(new FormData())).toMatchObject({
      ok: false,
      state: { errors: { identifier: "errors.identifierEmpty" } },
    });
  });

  it("refuses 10 000 characters and does not echo them back", () => {
    const result = parseLoginForm(form({ identifier: "a".repeat(10_000), password: "p".repeat(10_000) }));
    expect(result).toEqual({
      ok: false,
      state: { errors: { identifier: "errors.identifierTooLong", password: "errors.passwordTooLong" }, identifier: "" },
    });
  });

  it.each(["<img src=x onerror=alert(1)>@123", "' OR 1=1 --", "a@b@c", "maija\u0007@123"])(
    "calls %j malformed",
    (identifier) => {
      expect(parseLoginForm(form({ identifier, password: "x" }))).toMatchObject({
        ok: false,
        state: { errors: { identifier: "errors.identifierMalformed" } },
      });
    },
  );
});
