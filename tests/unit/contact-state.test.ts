import { describe, expect, it } from "vitest";
import { confirmRefusal, requestRefusal } from "@/app/ui/contact/contact-state";
import { translatedEverywhere } from "../helpers/translations";

/**
 * The contact forms' states: a refusal's message key from the root on its field, its values, and
 * what was typed. The account page's actions and activation's answer with these same states.
 */
describe("the contact forms' refusals", () => {
  it("puts the request's refusal on the address or number, with the key its reason names, and what was typed", () => {
    expect(requestRefusal("email", { ok: false, reason: "invalid" }, "maija@")).toEqual({
      errors: { value: "contact.errors.emailInvalid" },
      values: { value: "maija@" },
    });
    expect(requestRefusal("phone", { ok: false, reason: "notMobile" }, "09 123 456")).toEqual({
      errors: { value: "contact.errors.phoneNotMobile" },
      values: { value: "09 123 456" },
    });
    expect(requestRefusal("email", { ok: false, reason: "cooldown", retryAfterSeconds: 42 }, "a@b.fi")).toEqual({
      errors: { value: "contact.errors.cooldown" },
      params: { seconds: 42 },
      values: { value: "a@b.fi" },
    });
    expect(requestRefusal("phone", { ok: false, reason: "countryNotAllowed", countries: ["FI"] }, "+49")).toEqual({
      errors: { value: "contact.errors.phoneCountryNotAllowed" },
      countries: ["FI"],
      values: { value: "+49" },
    });
  });

  it("never puts back a value longer than an e-mail address", () => {
    expect(requestRefusal("email", { ok: false, reason: "tooLong" }, "x".repeat(255)).values).toEqual({ value: "" });
  });

  it("puts the code's refusal on the code, and never the code", () => {
    expect(confirmRefusal({ ok: false, reason: "expired" })).toEqual({
      errors: { code: "contact.errors.codeExpired" },
    });
  });

  it("names keys every language has", () => {
    const reasons = ["empty", "tooLong", "invalid", "same"] as const;
    for (const channel of ["email", "phone"] as const)
      for (const reason of reasons)
        expect(translatedEverywhere(requestRefusal(channel, { ok: false, reason }, "").errors!.value!)).toBe(true);
    for (const reason of ["empty", "malformed", "invalid", "expired"] as const)
      expect(translatedEverywhere(confirmRefusal({ ok: false, reason }).errors!.code!)).toBe(true);
  });

  it("names keys every language has for the limits and the phone's own refusals", () => {
    const refusals: Parameters<typeof requestRefusal>[1][] = [
      { ok: false, reason: "cooldown", retryAfterSeconds: 60 },
      { ok: false, reason: "rateLimited" },
      { ok: false, reason: "smsLimit", retryAfterSeconds: 3600 },
      { ok: false, reason: "countryNotAllowed", countries: ["FI"] },
      { ok: false, reason: "notMobile" },
    ];
    for (const refusal of refusals)
      expect(translatedEverywhere(requestRefusal("phone", refusal, "").errors?.value ?? ""), refusal.reason).toBe(true);
  });

  it("gives the wait in seconds, and the SMS limit's count and its hours rounded up", () => {
    expect(requestRefusal("email", { ok: false, reason: "cooldown", retryAfterSeconds: 30 }, "a@b.fi")).toEqual({
      errors: { value: "contact.errors.cooldown" },
      params: { seconds: 30 },
      values: { value: "a@b.fi" },
    });
    expect(requestRefusal("phone", { ok: false, reason: "smsLimit", retryAfterSeconds: 7199 }, "+358")).toEqual({
      errors: { value: "contact.errors.smsLimit" },
      params: { count: 5, hours: 2 },
      values: { value: "+358" },
    });
    expect(confirmRefusal({ ok: false, reason: "invalid" })).toEqual({
      errors: { code: "contact.errors.codeInvalid" },
    });
  });
});
