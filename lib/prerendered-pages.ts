import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { defaultLocale, isLocale, type Locale, locales, localeFromAcceptLanguage } from "@/lib/i18n/config";
import { PRERENDERED_PATHS } from "@/lib/prerendered-routes";

export type PrerenderedBuild = {
  /** `'sha256-…'` of each inline script: a prerendered page has no nonce for them. */
  scriptHashes: string[];
  /** `id:name` of each sign-in button the build rendered (they come from the build's environment). */
  providers: string[];
};

/** What a build of one prerendered page holds that its Content-Security-Policy and the proxy need. */
export function inspectPrerenderedHtml(html: string): PrerenderedBuild {
  const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  const scriptHashes = [...new Set(inline.map((s) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`))];
  const text = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  const providers = [
    ...html.matchAll(/<input type="hidden" name="provider" value="([^"]*)" data-provider-name="([^"]*)"/g),
  ].map((m) => `${text(m[1]!)}:${text(m[2]!)}`);
  return { scriptHashes, providers };
}

const builds = new Map<string, PrerenderedBuild | null>();
/**
 * Read once per process from `next build`'s output; null where there is none (development, or a
 * platform that serves it elsewhere).
 */
function prerenderedBuild(pathname: string, locale: Locale, distDir: string): PrerenderedBuild | null {
  const file = path.join(distDir, "server", "app", `${locale}${pathname}.html`);
  let build = builds.get(file);
  if (build === undefined) {
    try {
      build = inspectPrerenderedHtml(readFileSync(file, "utf8"));
    } catch {
      build = null;
    }
    builds.set(file, build);
  }
  return build;
}

type RequestFacts = {
  method: string;
  pathname: string;
  search: string;
  hasSession: boolean;
  localeCookie?: string;
  acceptLanguage: string | null;
};

/**
 * The prerendered page that answers this request, if one does: a bare address of PRERENDERED_PATHS
 * (no query: return paths and notices need the page rendered per request), a visitor without a
 * session cookie (the per-request page sends signed-in people on), a build on disk, and sign-in
 * buttons that match this process's configuration.
 */
export function prerenderedPageFor(
  req: RequestFacts,
  opts: { providers: string[]; distDir?: string },
): { locale: Locale; rewriteTo: string; scriptHashes: string[] } | null {
  if (req.search !== "" || req.hasSession || !["GET", "HEAD", "POST"].includes(req.method)) return null;
  if (!(PRERENDERED_PATHS as readonly string[]).includes(req.pathname)) return null;
  const locale = isLocale(req.localeCookie)
    ? req.localeCookie
    : (localeFromAcceptLanguage(req.acceptLanguage) ?? defaultLocale);
  const build = prerenderedBuild(req.pathname, locale, opts.distDir ?? path.join(process.cwd(), ".next"));
  if (!build || build.providers.join("\n") !== opts.providers.join("\n")) return null;
  return { locale, rewriteTo: `/${locale}${req.pathname}`, scriptHashes: build.scriptHashes };
}

/** A prerendered page's own address (`/fi/login`): not a public one. */
export const isPrerenderedAddress = (pathname: string) =>
  locales.some((l) => PRERENDERED_PATHS.some((p) => pathname === `/${l}${p}`));
