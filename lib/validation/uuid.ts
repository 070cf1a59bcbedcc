/**
 * Ids in URLs, forms and bound action arguments are untrusted: Postgres answers a malformed uuid
 * with an error (a 500), so a value that is not 8-4-4-4-12 hex digits never reaches a query.
 * Postgres accepts more spellings (no dashes, braces, dashes after any four digits); the app only
 * ever hands out the canonical one.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);
