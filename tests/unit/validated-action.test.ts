import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { FormState } from "@/app/ui/form-state";
import { parseForm, validatedAction } from "@/app/ui/validated-action";

const schema = z.object({
  name: z.string().trim().min(1, "demo.errors.nameEmpty").max(10, "demo.errors.nameTooLong"),
  code: z.string().regex(/^\d{6}$/, "demo.errors.codeMalformed"),
});
type State = FormState<"name" | "code"> & { seen?: { name: string; code: string } };

const action = validatedAction(schema, async (data): Promise<State> => ({ seen: data }), { echo: { name: 10 } });

function form(entries: Record<string, string | Blob>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.append(key, value);
  return data;
}

describe("validatedAction", () => {
  it("hands the parsed fields to the action", async () => {
    expect(await action({}, form({ name: "  Maija ", code: "123456" }))).toEqual({
      seen: { name: "Maija", code: "123456" },
    });
  });

  it("answers each field's first message and puts back only the fields named in echo", async () => {
    expect(await action({}, form({ name: "", code: "12" }))).toEqual({
      errors: { name: "demo.errors.nameEmpty", code: "demo.errors.codeMalformed" },
      values: { name: "" },
    });
  });

  it("never puts back a value longer than its limit", async () => {
    const state = await action({}, form({ name: "x".repeat(10_000), code: "123456" }));
    expect(state).toEqual({ errors: { name: "demo.errors.nameTooLong" }, values: {} });
  });

  it("reads a file or a missing field as empty text, so the schema refuses it with its own message", async () => {
    const state = await action({}, form({ name: new Blob(["Maija"]) }));
    expect(state.errors).toEqual({ name: "demo.errors.nameEmpty", code: "demo.errors.codeMalformed" });
  });
});

describe("parseForm", () => {
  const plain = z.object({
    channel: z.string().transform((value) => (value === "email" || value === "phone" ? value : null)),
    handle: z.string().transform((value) => value.slice(0, 4)),
  });

  it("hands a plain action its fields as the schema makes them, a file or a missing field as empty text", () => {
    expect(parseForm(plain, form({ channel: "phone", handle: "abcdefgh" }))).toEqual({
      channel: "phone",
      handle: "abcd",
    });
    expect(parseForm(plain, form({ channel: new Blob(["email"]) }))).toEqual({ channel: null, handle: "" });
  });

  it("throws where the schema refuses outright: a plain form has nowhere to show a message", () => {
    expect(() => parseForm(schema, form({ name: "", code: "12" }))).toThrow();
  });
});
