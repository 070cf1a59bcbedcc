/**
 * The Content-Security-Policy of every page. Scripts run only with this request's nonce (Next adds
 * it to its own scripts); development also needs eval and a websocket for hot reload.
 */
export function contentSecurityPolicy(
  scripts: { nonce: string } | { scriptHashes: string[] },
  dev: boolean,
  formTargets: string[] = [],
): string {
  // A prerendered page cannot carry a nonce: its inline scripts are allowed by their hashes, and
  // the files they load by 'self' ('strict-dynamic' would ignore 'self').
  const scriptSrc =
    "nonce" in scripts
      ? `'self' 'nonce-${scripts.nonce}' 'strict-dynamic'`
      : ["'self'", ...scripts.scriptHashes].join(" ");
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

/** The policy of every response the proxy does not make (see headersOutsideProxy). */
export const STATIC_CONTENT_SECURITY_POLICY =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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
 * A captured e-mail in the dev mailbox's sandboxed frame (app/(site)/dev/outbox/message/[id]):
 * its own inline styles and images, nothing else, framed only by our page.
 */
const MAIL_PREVIEW_HEADERS = {
  "Content-Security-Policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox",
  "X-Frame-Options": "SAMEORIGIN",
  "Referrer-Policy": "no-referrer",
};

const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

/**
 * The headers of the responses the proxy does not make (next.config.ts's `headers()` for the
 * addresses proxy.ts's matcher leaves out): static files and their 404, the image optimiser, the
 * register upload's answers and Next's 405 there. None is a page to run anything in. Only there,
 * so no response carries two policies (both would be enforced). They also replace a route's own
 * headers of the same name, so the mail previews get theirs here.
 */
export function headersOutsideProxy(opts: { production: boolean }) {
  return {
    static: asList({ ...securityHeaders(opts), "Content-Security-Policy": STATIC_CONTENT_SECURITY_POLICY }),
    mailPreview: asList({ ...securityHeaders(opts), ...MAIL_PREVIEW_HEADERS }),
  };
}
