import { type NextRequest, NextResponse } from "next/server";
import { enabledExternalProviders } from "@/lib/auth/external-config";
import { env } from "@/lib/env";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security-headers";

let formTargets: string[] | undefined;
/** The configured providers' consent pages; the configuration is fixed for the process's life. */
const providerFormTargets = () => (formTargets ??= [...new Set(enabledExternalProviders(env()).flatMap((p) => p.formTargets))]);

/** Per-request nonce and security headers on every page, action and API response. */
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const dev = process.env.NODE_ENV === "development";
  const csp = contentSecurityPolicy(nonce, dev, providerFormTargets());

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  // Next reads the policy from the request to put the nonce on its own scripts.
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-tunnus-path", request.nextUrl.pathname + request.nextUrl.search);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(securityHeaders({ production: !dev && process.env.NODE_ENV === "production" }))) {
    response.headers.set(name, value);
  }
  // Every page here is about one person's account: never kept by a browser or a shared cache.
  response.headers.set("Cache-Control", "no-store, max-age=0");
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|dev/outbox/message/).*)" }],
};
