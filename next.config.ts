import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { prerenderedRewrites } from "./lib/prerendered-routes";
import { headersOutsideProxy } from "./lib/security-headers";

/** What proxy.ts's matcher leaves out, but the mail previews; tests/e2e/headers.e2e.ts asks each for its headers. */
const OUTSIDE_PROXY = ["/_next/:path*", "/icon.svg", "/admin/import/upload"];

/**
 * The OpenID Provider answers at the issuer's own addresses; a Pages Router API route serves them
 * (lib/oidc/handler.ts). Outside the proxy: they set their own headers.
 */
const OIDC_REWRITES = [
  { source: "/.well-known/openid-configuration", destination: "/api/oidc/.well-known/openid-configuration" },
  { source: "/oidc/:path*", destination: "/api/oidc/:path*" },
];

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that break when bundled (see STACK-NOTES); rate-limiter-flexible
  // imports drizzle-orm by a computed name, which the bundler cannot follow.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "rate-limiter-flexible", "oidc-provider"],
  poweredByHeader: false,
  // Every visitor gets <title> in <head> before the body, as bots do: with streamed metadata the
  // title arrives late, and a screen reader (or axe) can meet a page without one.
  htmlLimitedBots: /.*/,
  reactStrictMode: true,
  // Two root layouts (app/(site) and app/(prerendered)): an address that matches no route gets
  // app/global-not-found.tsx, in the visitor's language.
  experimental: { globalNotFound: true },
  // The proxy sets the headers of everything it matches (Next's own 404 and 405 there included);
  // these are the rest. They win over a route's own headers of the same name.
  async headers() {
    const headers = headersOutsideProxy({ production: process.env.NODE_ENV === "production" });
    return [
      ...OUTSIDE_PROXY.map((source) => ({ source, headers: headers.static })),
      { source: "/dev/outbox/message/:path*", headers: headers.mailPreview },
    ];
  },
  // Before the file system: the proxy names the prerendered page by a request header.
  async rewrites() {
    return { beforeFiles: [...prerenderedRewrites(), ...OIDC_REWRITES], afterFiles: [], fallback: [] };
  },
};

export default withNextIntl(nextConfig);
