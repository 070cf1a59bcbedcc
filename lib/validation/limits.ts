/**
 * The longest value each field takes, named once: the forms' `maxLength`, the zod schemas and the
 * flows' own checks all import these numbers, so a form never accepts what the server refuses.
 */

/** A sign-in name as typed: username, membership number, or either with "@licence" (lib/identity/identifiers.ts). */
export const IDENTIFIER_MAX = 200;

/** A new username (lib/identity/rules.ts). */
export const USERNAME_MAX = 64;

/** A new membership number (lib/identity/rules.ts). */
export const MEMBERSHIP_NUMBER_MAX = 32;

/** Any password, current or new (lib/password/policy.ts, lib/flows/sign-in/login.ts and recent-auth.ts). */
export const PASSWORD_MAX = 256;

/** An e-mail address (lib/contact.ts). */
export const EMAIL_MAX = 254;

/** A phone number as typed, before it becomes E.164 (lib/contact.ts). */
export const PHONE_MAX = 40;

/** An e-mail address or a phone number in one field, "forgot username" (lib/flows/recovery/forgot-username.ts). */
export const CONTACT_MAX = EMAIL_MAX;

/** A person's display name (lib/flows/admin/users.ts). */
export const NAME_MAX = 200;

/** The administration's search and filter words (lib/flows/admin/user-search.ts and audit-log.ts cut at this). */
export const SEARCH_MAX = 100;

/**
 * A six-digit code as typed, with room for the spaces people put in it ("123 456"): the server
 * removes whitespace and then takes exactly six digits (lib/tokens/tokens.ts, lib/tokens/code-check.ts).
 */
export const CODE_INPUT_MAX = 12;

/** A service's name, as the administrators and the consent page show it (lib/flows/admin/service-input.ts). */
export const SERVICE_NAME_MAX = 100;

/** One address of a service: a redirect, post-logout, back-channel logout or home address (lib/oidc/redirect-uris.ts). */
export const SERVICE_URI_MAX = 2000;

/** How many redirect or post-logout addresses one service may have (lib/flows/admin/service-input.ts). */
export const SERVICE_URI_COUNT_MAX = 20;

/** A list of a service's addresses as typed, one per line: the most addresses, each at its longest. */
export const SERVICE_URI_LIST_MAX = SERVICE_URI_COUNT_MAX * (SERVICE_URI_MAX + 1);

/** A private_key_jwt service's public keys as a JWKS JSON document (lib/flows/admin/service-input.ts). */
export const SERVICE_JWKS_MAX = 20_000;
