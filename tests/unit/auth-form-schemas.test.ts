import { describe, expect, it } from "vitest";
import { activateSchema } from "@/app/(site)/(auth)/activate/[token]/schema";
import { resetWithCodeSchema } from "@/app/(site)/(auth)/forgot-password/schema";
import { loginSchema } from "@/app/(site)/(auth)/login/schema";
import { translatedEverywhere } from "../helpers/translations";

/** Each field's first message key, as validatedAction answers them. */
const refusals = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((issue) => [String(issue.path[0]), issue.message]));

describe("the sign-in and recovery forms' schemas", () => {
  it("refuse a new password without its repeat, before the flow, on the repeat field", () => {
    const reset = { identifier: "maija@123", code: "123456", password: "talven pitkä pimeä aika" };
    expect(refusals(resetWithCodeSchema.safeParse({ ...reset, repeat: "" }))).toEqual({
      repeat: "recovery.errors.repeatEmpty",
    });
    expect(refusals(activateSchema.safeParse({ token: "t", password: "talven pitkä pimeä aika", repeat: "" }))).toEqual(
      {
        repeat: "activate.errors.repeatEmpty",
      },
    );
  });

  it("leave everything else to the flows: empty fields, a wrong repeat, any code", () => {
    for (const data of [
      { identifier: "", code: "", password: "", repeat: "" },
      { identifier: "x", code: "abc", password: "a", repeat: "b" },
    ])
      expect(resetWithCodeSchema.safeParse(data).success).toBe(true);
    expect(activateSchema.safeParse({ token: "", password: "", repeat: "" }).success).toBe(true);
  });

  it("cut the carried name of the reset's second step to the longest identifier, as the action did", () => {
    const parsed = resetWithCodeSchema.parse({ identifier: "a".repeat(10_000), code: "", password: "", repeat: "" });
    expect(parsed.identifier).toHaveLength(200);
  });

  it("name only keys that exist in fi, sv and en", () => {
    const keys = [
      ...Object.values(refusals(loginSchema.safeParse({ identifier: "", password: "" }))),
      ...Object.values(refusals(loginSchema.safeParse({ identifier: "a".repeat(201), password: "p".repeat(257) }))),
      ...Object.values(refusals(loginSchema.safeParse({ identifier: "a@b@c", password: "x" }))),
      "login.errors.invalid",
      "login.errors.rateLimited",
      "recovery.errors.repeatEmpty",
      "recovery.errors.linkInvalid",
      "activate.errors.repeatEmpty",
      "activate.errors.linkInvalid",
      "activate.errors.mismatch",
    ];
    expect(keys).toHaveLength(12);
    for (const key of keys) expect(translatedEverywhere(key), key).toBe(true);
  });
});
