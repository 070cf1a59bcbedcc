import { describe, expect, it } from "vitest";
import {
  confirmErrorState,
  confirmRefusal,
  type ContactState,
  requestErrorState,
  requestRefusal,
} from "@/app/ui/contact/contact-state";
import { asContactState } from "@/app/ui/contact/shown-state";
import { translatedEverywhere } from "../helpers/translations";

/**
 * The contact forms' states: a refusal's message key from the root on its field, its values, and
 * what was typed. Activation's actions still answer in the old one-message shape, which the forms
 * read as the same state.
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
});

describe("activation's shape, read by the forms", () => {
  it("is the same refusal in one message", () => {
    const refused = { ok: false, reason: "cooldown", retryAfterSeconds: 30 } as const;
    expect(requestErrorState("email", refused, "a@b.fi")).toEqual({
      error: "contact.errors.cooldown",
      params: { seconds: 30 },
      value: "a@b.fi",
    });
    expect(confirmErrorState({ ok: false, reason: "invalid" })).toEqual({ error: "contact.errors.codeInvalid" });
  });

  it("reads back as the state it came from; a state in the new shape is read as it is", () => {
    const states: [ContactState, "value" | "code"][] = [
      [requestRefusal("phone", { ok: false, reason: "countryNotAllowed", countries: ["FI", "SE"] }, "+49 1"), "value"],
      [requestRefusal("phone", { ok: false, reason: "smsLimit", retryAfterSeconds: 7200 }, "+358"), "value"],
      [confirmRefusal({ ok: false, reason: "malformed" }), "code"],
    ];
    for (const [state, field] of states) expect(asContactState(state, field)).toBe(state);
    expect(
      asContactState(
        requestErrorState("phone", { ok: false, reason: "countryNotAllowed", countries: ["FI"] }, "+49"),
        "value",
      ),
    ).toEqual(requestRefusal("phone", { ok: false, reason: "countryNotAllowed", countries: ["FI"] }, "+49"));
    expect(
      asContactState(
        requestErrorState("phone", { ok: false, reason: "smsLimit", retryAfterSeconds: 7200 }, "+358"),
        "value",
      ),
    ).toEqual(requestRefusal("phone", { ok: false, reason: "smsLimit", retryAfterSeconds: 7200 }, "+358"));
    expect(asContactState(confirmErrorState({ ok: false, reason: "malformed" }), "code")).toEqual(
      confirmRefusal({ ok: false, reason: "malformed" }),
    );
  });

  it("puts a message on the current password where the old shape says so, and a link's refusal on the field", () => {
    expect(
      asContactState({ error: "account.errors.rateLimited", value: "a@b.fi", errorOn: "password" }, "value"),
    ).toEqual({
      errors: { currentPassword: "account.errors.rateLimited" },
      values: { value: "a@b.fi" },
    });
    expect(asContactState({ error: "activate.errors.linkInvalid" }, "code")).toEqual({
      errors: { code: "activate.errors.linkInvalid" },
    });
    expect(asContactState({}, "value")).toEqual({});
  });
});
