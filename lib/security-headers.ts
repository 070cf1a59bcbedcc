/**
 * The Content-Security-Policy of every page. Scripts run only with this request's nonce (Next adds
 * it to its own scripts); development also needs eval and a websocket for hot reload.
 */
export function contentSecurityPolicy(scripts: { nonce: string } | { scriptHashes: string[] }, dev: boolean, formTargets: string[] = []): string {
  // A prerendered page cannot carry a nonce: its inline scripts are allowed by their hashes, and
  // the files they load by 'self' ('strict-dynamic' would ignore 'self').
  const scriptSrc = "nonce" in scripts ? `'self' 'nonce-${scripts.nonce}' 'strict-dynamic'` : ["'self'", ...scripts.scriptHashes].join(" ");
  return [
    "default-src 'self'",
    `script-src ${scriptSrc}${dev ? " 'unsafe-eval'" : ""}`,
    // React and Next set style attributes at run time; no script can come through styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    // A sign-in button posts to us and is redirected to the provider's consent page: without
    // JavaScript the browser holds that redirect to form-action too.
    ["form-action 'self'", ...formTargets].join(" "),
    "frame-ancestors 'none'",
    ...(dev ? [] : ["upgrade-insecure-requests"]),
  ].join("; ");
}

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
