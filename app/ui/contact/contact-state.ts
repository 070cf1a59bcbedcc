import type { ConfirmCodeResult, ContactChannel, RequestCodeResult } from "@/lib/flows/account/contact-verification";
import { smsPerAccountPerDay } from "@/lib/sms-allowance";

/**
 * What a contact form shows after a refused submit: a message key (from the root) and its values.
 * `countries` (ISO codes) are named in the page's language where the message is shown.
 */
export type ContactFormState = {
  error?: string;
  params?: Record<string, number>;
  countries?: string[];
  value?: string;
  errorOn?: "password";
};

export const parseChannel = (value: unknown): ContactChannel | null =>
  value === "email" || value === "phone" ? value : null;

export function requestErrorState(
  channel: ContactChannel,
  result: Exclude<RequestCodeResult, { ok: true }>,
  value: string,
): ContactFormState {
  const echo = value.length <= 254 ? value : "";
  if (result.reason === "cooldown")
    return { error: "contact.errors.cooldown", params: { seconds: result.retryAfterSeconds }, value: echo };
  if (result.reason === "rateLimited") return { error: "contact.errors.rateLimited", value: echo };
  if (result.reason === "countryNotAllowed")
    return { error: "contact.errors.phoneCountryNotAllowed", countries: result.countries, value: echo };
  if (result.reason === "smsLimit")
    return {
      error: "contact.errors.smsLimit",
      params: { count: smsPerAccountPerDay(), hours: Math.ceil(result.retryAfterSeconds / 3600) },
      value: echo,
    };
  const name = result.reason.charAt(0).toUpperCase() + result.reason.slice(1);
  return { error: `contact.errors.${channel}${name}`, value: echo };
}

export function confirmErrorState(result: Exclude<ConfirmCodeResult, { ok: true }>): ContactFormState {
  const name = result.reason.charAt(0).toUpperCase() + result.reason.slice(1);
  return { error: `contact.errors.code${name}` };
}
