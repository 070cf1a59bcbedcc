import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { prerenderedRewrites } from "./lib/prerendered-routes";
import { siteWideHeaders } from "./lib/security-headers";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that break when bundled (see STACK-NOTES); rate-limiter-flexible
  // imports drizzle-orm by a computed name, which the bundler cannot follow.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "rate-limiter-flexible"],
  poweredByHeader: false,
  // Every visitor gets <title> in <head> before the body, as bots do: with streamed metadata the
  // title arrives late, and a screen reader (or axe) can meet a page without one.
  htmlLimitedBots: /.*/,
  reactStrictMode: true,
  // Two root layouts (app/(site) and app/(prerendered)): an address that matches no route gets
  // app/global-not-found.tsx, in the visitor's language.
  experimental: { globalNotFound: true },
  // Every response, Next's own 404 and 405 and static files included; proxy.ts replaces them on its own.
  async headers() {
    return [{ source: "/:path*", headers: siteWideHeaders({ production: process.env.NODE_ENV === "production" }) }];
  },
  // Before the file system: the proxy names the prerendered page by a request header.
  async rewrites() {
    return { beforeFiles: prerenderedRewrites(), afterFiles: [], fallback: [] };
  },
};

export default withNextIntl(nextConfig);
