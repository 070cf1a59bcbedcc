import { type NextRequest, NextResponse } from "next/server";
import { tunnusCookieName } from "@/lib/session/cookie-names";
import { enabledExternalProviders } from "@/lib/auth/external-config";
import { env } from "@/lib/env";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import { isPrerenderedAddress, prerenderedPageFor } from "@/lib/prerendered-pages";
import { PRERENDERED_HEADER } from "@/lib/prerendered-routes";
import { verifiedFormTarget } from "@/lib/oidc/form-target";
import { contentSecurityPolicy, STATIC_CONTENT_SECURITY_POLICY, securityHeaders } from "@/lib/security-headers";

let configured: { formTargets: string[]; providers: string[] } | undefined;
/** The sign-in providers' consent pages and buttons; the configuration is fixed for the process's life. */
const providerConfig = () =>
  (configured ??= (() => {
    const providers = enabledExternalProviders(env());
    return {
      formTargets: [...new Set(providers.flatMap((p) => p.formTargets))],
      providers: providers.map((p) => `${p.id}:${p.name}`),
    };
  })());

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * A browser sends `Origin` with every such request, or at least `Sec-Fetch-Site`. Next checks a
 * server action's Origin only when there is one; without either header nothing shows that the
 * request came from our own page, so it is refused before it reaches an action or a route.
 */
const unprovenStateChange = (request: NextRequest) =>
  STATE_CHANGING.has(request.method) &&
  !request.headers.has("origin") &&
  request.headers.get("sec-fetch-site") !== "same-origin";

/** Security headers on every page, action and API response; a nonce, or the prerendered page's script hashes. */
export function proxy(request: NextRequest) {
  const dev = process.env.NODE_ENV === "development";
  const production = !dev && process.env.NODE_ENV === "production";
  if (unprovenStateChange(request)) {
    const refused = new NextResponse(null, { status: 403 });
    refused.headers.set("Content-Security-Policy", STATIC_CONTENT_SECURITY_POLICY);
    for (const [name, value] of Object.entries(securityHeaders({ production }))) refused.headers.set(name, value);
    refused.headers.set("Cache-Control", "no-store, max-age=0");
    return refused;
  }
  const { pathname, search } = request.nextUrl;
  // A prerendered page answers only at its public address (`/login`), never at its own (`/fi/login`).
  const ownAddress = isPrerenderedAddress(pathname);
  const prerendered =
    production && !ownAddress
      ? prerenderedPageFor(
          {
            method: request.method,
            pathname,
            search,
            hasSession: request.cookies.has(tunnusCookieName("session", true)),
            localeCookie: request.cookies.get(LOCALE_COOKIE)?.value,
            acceptLanguage: request.headers.get("accept-language"),
          },
          { providers: providerConfig().providers },
        )
      : null;
  // Only the prerendered HTML itself goes out with its script hashes. A form post to it is
  // rendered per request (an error shown without JavaScript), so it gets a nonce like any page.
  const hashesOnly = prerendered && request.method !== "POST" ? prerendered : null;
  const nonce = hashesOnly ? undefined : btoa(crypto.randomUUID());
  // A service's sign-in page (login, consent) may send its form on to that service's origin.
  const serviceTarget = verifiedFormTarget(pathname, request.nextUrl.searchParams);
  const formTargets = serviceTarget ? [...providerConfig().formTargets, serviceTarget] : providerConfig().formTargets;
  const csp = contentSecurityPolicy(hashesOnly ?? { nonce: nonce! }, dev, formTargets);

  const requestHeaders = new Headers(request.headers);
  // Next reads the policy from the request to put the nonce on its own scripts.
  if (nonce) requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-tunnus-path", ownAddress ? "/login" : pathname + search);
  // next-intl would take a page's language from this header: only the prerendered pages name theirs.
  requestHeaders.delete("x-next-intl-locale");
  // next.config.ts rewrites by this header (lib/prerendered-routes.ts); a visitor's own is dropped.
  requestHeaders.delete(PRERENDERED_HEADER);
  if (ownAddress) requestHeaders.set(PRERENDERED_HEADER, "not-found");
  else if (prerendered) requestHeaders.set(PRERENDERED_HEADER, prerendered.locale);
  const response = NextResponse.next({ request: { headers: requestHeaders } });

  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(securityHeaders({ production }))) response.headers.set(name, value);
  // Every page here is about one person's account: never kept by a browser or a shared cache.
  response.headers.set("Cache-Control", "no-store, max-age=0");
  return response;
}

export const config = {
  // Not the register upload: with the proxy in front, Next reads the whole body before the route
  // can refuse a file by its Content-Length; the route checks Origin itself. What is left out gets
  // its headers from next.config.ts (OUTSIDE_PROXY: keep the two lists alike).
  // Nor the OpenID Provider (`/oidc/…`, its discovery document): a service's server calls it
  // without a browser's Origin, and lib/oidc/handler.ts sets its headers.
  matcher: [
    {
      source:
        "/((?!_next/static|_next/image|icon.svg|dev/outbox/message/|admin/import/upload$|oidc/|api/oidc/|\\.well-known/openid-configuration$).*)",
    },
  ],
};
