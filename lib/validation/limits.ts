/**
 * The longest value each field takes, named once: the forms' `maxLength` and the server's checks
 * (zod schemas and flows) use these numbers. The server's own constants still sit beside their
 * checks (noted on each); they are to import these.
 */

/** A sign-in name as typed: username, membership number, or either with "@licence" (lib/identity/identifiers.ts). */
export const IDENTIFIER_MAX = 200;

/** A new username (lib/identity/rules.ts, USERNAME_MAX_LENGTH). */
export const USERNAME_MAX = 64;

/** A new membership number (lib/identity/rules.ts, MEMBERSHIP_NUMBER_MAX_LENGTH). */
export const MEMBERSHIP_NUMBER_MAX = 32;

/** Any password, current or new (lib/password/hash.ts, PASSWORD_MAX_LENGTH; lib/flows/sign-in/recent-auth.ts). */
export const PASSWORD_MAX = 256;

/** An e-mail address (lib/contact.ts, EMAIL_MAX_LENGTH). */
export const EMAIL_MAX = 254;

/** A phone number as typed, before it becomes E.164 (lib/contact.ts, PHONE_MAX_LENGTH). */
export const PHONE_MAX = 40;

/** An e-mail address or a phone number in one field, "forgot username" (lib/flows/recovery/forgot-username.ts). */
export const CONTACT_MAX = EMAIL_MAX;

/** A person's display name (lib/flows/admin/users.ts, DISPLAY_NAME_MAX). */
export const NAME_MAX = 200;

/** The administration's search and filter words (lib/flows/admin/user-search.ts and audit-log.ts cut at this). */
export const SEARCH_MAX = 100;

/**
 * A six-digit code as typed, with room for the spaces people put in it ("123 456"): the server
 * removes whitespace and then takes exactly six digits (lib/tokens/tokens.ts, lib/tokens/code-check.ts).
 */
export const CODE_INPUT_MAX = 12;
