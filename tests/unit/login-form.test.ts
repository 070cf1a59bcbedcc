import { describe, expect, it, vi } from "vitest";
import { loginSchema } from "@/app/(site)/(auth)/login/schema";

// A refused form reaches neither Auth.js nor the database; the action's module imports Auth.js, which needs Next.
vi.mock("@/lib/auth", () => ({ signIn: async () => undefined }));
const { loginAction } = await import("@/app/(site)/(auth)/login/actions");

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe("the sign-in form", () => {
  it("accepts a well-formed identifier and password", () => {
    expect(loginSchema.safeParse({ identifier: " maija@123 ", password: "demo-salasana-2026" })).toEqual({
      success: true,
      data: { identifier: "maija@123", password: "demo-salasana-2026" },
    });
  });

  it("names each empty field", async () => {
    expect(await loginAction({}, form({ identifier: "", password: "" }))).toEqual({
      errors: { identifier: "login.errors.identifierEmpty", password: "login.errors.passwordEmpty" },
      values: { identifier: "" },
    });
    expect(await loginAction({}, new FormData())).toMatchObject({
      errors: { identifier: "login.errors.identifierEmpty" },
    });
  });

  it("refuses 10 000 characters and does not echo them back", async () => {
    const state = await loginAction({}, form({ identifier: "a".repeat(10_000), password: "p".repeat(10_000) }));
    expect(state).toEqual({
      errors: { identifier: "login.errors.identifierTooLong", password: "login.errors.passwordTooLong" },
      values: {},
    });
  });

  it.each(["<img src=x onerror=alert(1)>@123", "' OR 1=1 --", "a@b@c", "maija\u0007@123"])(
    "calls %j malformed",
    async (identifier) => {
      expect(await loginAction({}, form({ identifier, password: "x" }))).toMatchObject({
        errors: { identifier: "login.errors.identifierMalformed" },
      });
    },
  );
});
