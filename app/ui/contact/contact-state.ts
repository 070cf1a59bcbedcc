import { z } from "zod";
import type { FormState } from "@/app/ui/form-state";
import type { ConfirmCodeResult, ContactChannel, RequestCodeResult } from "@/lib/flows/account/contact-verification";
import { smsPerAccountPerDay } from "@/lib/sms-allowance";
import { EMAIL_MAX } from "@/lib/validation/limits";

/**
 * The contact forms' fields: the new address or number (`value`), the current password on the
 * account page (`currentPassword`), and the code sent to the new one (`code`).
 */
export type ContactField = "value" | "currentPassword" | "code";

/**
 * What a contact form shows after a refused submit: message keys from the root on their fields,
 * their values, and what was typed. `countries` (ISO codes) are named in the page's language
 * where the message is shown.
 */
export type ContactState = FormState<ContactField> & { countries?: string[] };

export const parseChannel = (value: unknown): ContactChannel | null =>
  value === "email" || value === "phone" ? value : null;

/** The forms' hidden `channel` field: "email" or "phone", anything else null (the action then does nothing). */
export const channelField = z.string().transform(parseChannel);

/** The address or number put back into its field: the longer of the two limits. */
export const echoValue = (value: string): string => (value.length <= EMAIL_MAX ? value : "");

const capitalised = (reason: string) => reason.charAt(0).toUpperCase() + reason.slice(1);

/** A refused "send the code": its message on the address or number, and what was typed. */
export function requestRefusal(
  channel: ContactChannel,
  result: Exclude<RequestCodeResult, { ok: true }>,
  value: string,
): ContactState {
  const refused = (key: string, extra: Omit<ContactState, "errors" | "values"> = {}): ContactState => ({
    errors: { value: key },
    ...extra,
    values: { value: echoValue(value) },
  });
  if (result.reason === "cooldown")
    return refused("contact.errors.cooldown", { params: { seconds: result.retryAfterSeconds } });
  if (result.reason === "rateLimited") return refused("contact.errors.rateLimited");
  if (result.reason === "countryNotAllowed")
    return refused("contact.errors.phoneCountryNotAllowed", { countries: result.countries });
  if (result.reason === "smsLimit")
    return refused("contact.errors.smsLimit", {
      params: { count: smsPerAccountPerDay(), hours: Math.ceil(result.retryAfterSeconds / 3600) },
    });
  return refused(`contact.errors.${channel}${capitalised(result.reason)}`);
}

/** A refused code: its message on the code field (a code is never put back). */
export function confirmRefusal(result: Exclude<ConfirmCodeResult, { ok: true }>): ContactState {
  return { errors: { code: `contact.errors.code${capitalised(result.reason)}` } };
}
