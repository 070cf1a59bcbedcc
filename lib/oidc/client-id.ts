import { randomBytes } from "node:crypto";

/**
 * A service's public `client_id`: "tunnus-" and 16 random bytes (base64url), so it is URL-safe,
 * unguessable and never the row's own id.
 */
export const newClientId = (): string => `tunnus-${randomBytes(16).toString("base64url")}`;

/** The shape newClientId makes; the CLI checks an argument with it before any query. */
export const isClientId = (value: string): boolean => /^tunnus-[A-Za-z0-9_-]{22}$/.test(value);
