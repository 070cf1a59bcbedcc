/**
 * The Content-Security-Policy of every page. Scripts run only with this request's nonce (Next adds
 * it to its own scripts); development also needs eval and a websocket for hot reload.
 */
export function contentSecurityPolicy(scripts: { nonce: string } | { scriptHashes: string[] }, dev: boolean, formTargets: string[] = []): string {
  // A prerendered page cannot carry a nonce: its inline scripts are allowed by their hashes, and
  // the files they load by 'self' ('strict-dynamic' would ignore 'self').
  const scriptSrc = "nonce" in scripts ? `'self' 'nonce-${scripts.nonce}' 'strict-dynamic'` : ["'self'", ...scripts.scriptHashes].join(" ");
  // Styles come from our stylesheet files; React sets style properties through the CSSOM, which a
  // policy does not govern, and no page renders a style attribute or an inline <style>
  // (tests/e2e/csp-styles.e2e.ts). Next's development overlay injects styles of its own.
  const styleSrc = dev ? "'self' 'unsafe-inline'" : "nonce" in scripts ? `'self' 'nonce-${scripts.nonce}'` : "'self'";
  return [
    "default-src 'self'",
    `script-src ${scriptSrc}${dev ? " 'unsafe-eval'" : ""}`,
    `style-src ${styleSrc}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    // No page sets a <base>; one injected into a page must not redirect its relative addresses.
    "base-uri 'none'",
    // A sign-in button posts to us and is redirected to the provider's consent page: without
    // JavaScript the browser holds that redirect to form-action too.
    ["form-action 'self'", ...formTargets].join(" "),
    "frame-ancestors 'none'",
    ...(dev ? [] : ["upgrade-insecure-requests"]),
  ].join("; ");
}

/**
 * The policy of every response the proxy does not make: static files, Next's own 404 and 405,
 * the register upload's answers. None of them is a page to run anything in.
 */
export const STATIC_CONTENT_SECURITY_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function securityHeaders(opts: { production: boolean }): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    // Token pages carry secrets in the path: no address ever leaves for another site. Not
    // "no-referrer": with it Chromium sends `Origin: null` on a form post, and Next then
    // (rightly) refuses every server action made without JavaScript.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(opts.production ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/**
 * next.config.ts's `headers()` for every path: the proxy's own headers replace these on the
 * responses it makes (same names, lower case, so the two never both go out), and the rest get them.
 */
export function siteWideHeaders(opts: { production: boolean }): { key: string; value: string }[] {
  const all = { ...securityHeaders(opts), "Content-Security-Policy": STATIC_CONTENT_SECURITY_POLICY };
  return Object.entries(all).map(([key, value]) => ({ key: key.toLowerCase(), value }));
}
