import { parsePhoneNumberWithError } from "libphonenumber-js/max";
import { z } from "zod";
import { EMAIL_MAX, PHONE_MAX } from "@/lib/validation/limits";
import { hasControlCharacters } from "@/lib/validation/text";

export type ContactProblem = "empty" | "tooLong" | "invalid";
export type Normalized = { ok: true; value: string } | { ok: false; problem: ContactProblem };

const emailSchema = z.email();

/** An address as stored and compared: trimmed and lower-cased. */
export function normalizeEmail(input: string): Normalized {
  const value = input.trim().toLowerCase();
  if (!value) return { ok: false, problem: "empty" };
  if (value.length > EMAIL_MAX) return { ok: false, problem: "tooLong" };
  if (hasControlCharacters(value) || !emailSchema.safeParse(value).success) return { ok: false, problem: "invalid" };
  return { ok: true, value };
}

/** Any way a person writes a number ("040 123 4567", "+358 40…"), as E.164; Finland by default. */
export function normalizePhone(input: string, defaultCountry: "FI" | "SE" = "FI"): Normalized {
  const value = input.trim();
  if (!value) return { ok: false, problem: "empty" };
  if (value.length > PHONE_MAX) return { ok: false, problem: "tooLong" };
  if (hasControlCharacters(value) || !/^[+\d\s().-]+$/.test(value)) return { ok: false, problem: "invalid" };
  try {
    const phone = parsePhoneNumberWithError(value, defaultCountry);
    if (!phone.isValid()) return { ok: false, problem: "invalid" };
    return { ok: true, value: phone.number };
  } catch {
    return { ok: false, problem: "invalid" };
  }
}

/** Only mobile numbers receive SMS; a landline is "invalid" for that use. */
export function canReceiveSms(e164: string): boolean {
  try {
    const type = parsePhoneNumberWithError(e164).getType();
    return type === "MOBILE" || type === "FIXED_LINE_OR_MOBILE" || type === undefined;
  } catch {
    return false;
  }
}
