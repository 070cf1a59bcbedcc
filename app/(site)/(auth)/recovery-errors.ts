import type { PasswordProblem } from "@/lib/password/policy";
import type { ContactProblem } from "@/lib/contact";

/**
 * The message keys the recovery forms show for a flow's refusal. One place, shared with the
 * tests, so every refusal a flow can give is shown as a text that exists in fi, sv and en.
 */
const cap = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** /forgot-password, both steps: the flow's error names the key. */
export const resetCodeErrorKey = (error: string) => `recovery.errors.${error}`;

/** /forgot-password: the organisation does not send codes by the chosen channel (`allowed` are those it does). */
export const channelRefusalKey = (channel: string, allowed: string[]) =>
  resetCodeErrorKey(
    allowed.length === 0 ? "noCodes" : channel === "email" ? "channelNotAllowedEmail" : "channelNotAllowedSms",
  );

/** /order-password: problems with the e-mail address, or the limit. */
export const orderLinkErrorKey = (error: ContactProblem | "rateLimited") =>
  error === "rateLimited" ? "recovery.errors.rateLimited" : `recovery.errors.email${cap(error)}`;

/** /forgot-username: problems with the address or number, or the limit. */
export const contactErrorKey = (error: ContactProblem | "rateLimited") =>
  error === "rateLimited" ? "recovery.errors.rateLimited" : `recovery.errors.contact${cap(error)}`;

/** A refused new password, and the numbers its text needs (the length limits). */
export function passwordProblemMessage(problem: PasswordProblem | { code: "mismatch" }) {
  const { code, ...params } = problem;
  return {
    key: code === "mismatch" ? "recovery.errors.mismatch" : `passwordPolicy.${code}`,
    params: params as Record<string, number>,
  };
}
