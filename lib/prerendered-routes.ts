import { locales } from "./i18n/config";

/**
 * Addresses served, for visitors without a session, by a page built once per language at
 * `app/(prerendered)/[locale]/…`.
 */
export const PRERENDERED_PATHS = ["/login"] as const;

/**
 * Set by proxy.ts on the request (never taken from the visitor): the language of the prerendered
 * page to serve, or `not-found` at a prerendered page's own address (`/fi/login`).
 */
export const PRERENDERED_HEADER = "x-tunnus-prerendered";

/**
 * The rewrites next.config.ts serves the prerendered pages with. The proxy cannot rewrite itself:
 * Next gives it the request as `localhost` but routes as the host it listens on, so with
 * `next start -H 127.0.0.1` an absolute rewrite URL looked like another site and was proxied back
 * over HTTP (to the page's own address, a 404). A config rewrite is matched on the path alone.
 */
export function prerenderedRewrites() {
  const languages = locales.join("|");
  return PRERENDERED_PATHS.flatMap((path) => [
    {
      source: path,
      has: [{ type: "header" as const, key: PRERENDERED_HEADER, value: `(?<locale>${languages})` }],
      destination: `/:locale${path}`,
    },
    {
      source: `/:locale(${languages})${path}`,
      has: [{ type: "header" as const, key: PRERENDERED_HEADER, value: "not-found" }],
      destination: "/_not-found",
    },
  ]);
}
