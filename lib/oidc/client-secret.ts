import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A confidential service's secret: 32 random bytes, base64url, shown once. Only its SHA-256
 * (base64url) is kept: 256 random bits need no slow hash, and a database dump holds no secret.
 */
export function newClientSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString("base64url");
  return { secret, hash: clientSecretHash(secret) };
}

/** SHA-256 of a secret as stored in `oidc_clients.secret_hash`. */
export const clientSecretHash = (secret: string): string =>
  createHash("sha256").update(secret, "utf8").digest("base64url");

/**
 * Whether `given` is the secret whose hash is stored, in time that does not depend on where the
 * two differ: both sides are hashes of the same length, compared with timingSafeEqual.
 */
export function clientSecretMatches(hash: string | null | undefined, given: string | null | undefined): boolean {
  if (!hash || typeof given !== "string" || given.length === 0) return false;
  const expected = Buffer.from(hash, "utf8");
  const actual = Buffer.from(clientSecretHash(given), "utf8");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
