import { createHash } from "node:crypto";
import type { KoaContextWithOIDC } from "oidc-provider";
import { LOCALE_COOKIE, localeFromAcceptLanguage } from "@/lib/i18n/config";
import { isLanguage, type Language } from "@/lib/i18n/languages";
import { messageTranslator } from "@/lib/i18n/translate";

/**
 * The few pages the provider itself answers with (an error, the sign-out question, signed out):
 * plain HTML in the person's language, one small stylesheet allowed by its hash, nothing else.
 * Every other page of a sign-in is Tunnus's own (`/login`, `/authorize/[uid]`).
 */

const STYLE = `body{font-family:system-ui,sans-serif;line-height:1.5;color:#111827;background:#f9fafb;margin:0}
main{max-width:32rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #d1d5db;border-radius:.5rem}
h1{font-size:1.5rem;margin:0 0 1rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}
button,a.button{font:inherit;padding:.625rem 1rem;border-radius:.375rem;border:2px solid #1d4ed8;cursor:pointer;text-decoration:none}
button.primary,a.button{background:#1d4ed8;color:#fff}
button.secondary{background:#fff;color:#1d4ed8}
a{color:#1d4ed8}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.code{color:#4b5563;font-size:.875rem}`;
const STYLE_HASH = `'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`;

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The page's language: what the service asked for (`ui_locales`), the switch's cookie, the browser's. */
export function pageLanguage(
  ctx: Pick<KoaContextWithOIDC, "get" | "cookies"> & { oidc?: { params?: unknown } },
): Language {
  const asked = (ctx.oidc?.params as Record<string, unknown> | undefined)?.ui_locales;
  if (typeof asked === "string") {
    for (const tag of asked.split(" ")) {
      const lang = tag.split("-")[0]?.toLowerCase();
      if (lang && isLanguage(lang)) return lang;
    }
  }
  const cookie = ctx.cookies.get(LOCALE_COOKIE);
  if (cookie && isLanguage(cookie)) return cookie;
  return localeFromAcceptLanguage(ctx.get("accept-language")) ?? "fi";
}

/** A policy for one of these pages; `formTargets` are where its form may lead (the service's address). */
export function pagePolicy(formTargets: string[] = []): string {
  return [
    "default-src 'none'",
    `style-src ${STYLE_HASH}`,
    "base-uri 'none'",
    ["form-action 'self'", ...formTargets].join(" "),
    "frame-ancestors 'none'",
  ].join("; ");
}

export function renderPage(language: Language, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} – Tunnus</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escape(title)}</h1>
${body}
</main>
</body>
</html>`;
}

const paragraph = (text: string) => `<p>${escape(text)}</p>`;

/** The provider's error page: what happened in words, and the code a service's administrator can look up. */
export function errorPage(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) {
  const language = pageLanguage(ctx);
  const t = messageTranslator(language);
  const expired = out.error === "invalid_request" && /interaction|session|cookie/i.test(out.error_description ?? "");
  ctx.type = "html";
  ctx.set("Content-Security-Policy", pagePolicy());
  ctx.body = renderPage(
    language,
    expired ? t("oidc.expiredTitle") : t("oidc.errorTitle"),
    [
      paragraph(expired ? t("oidc.expiredBody") : t("oidc.errorBody")),
      `<p class="code">${escape(t("oidc.errorCode", { code: out.error }))}</p>`,
      `<p><a href="/account">${escape(t("oidc.toAccount"))}</a></p>`,
    ].join("\n"),
  );
}

/**
 * "Sign out?" for a service's sign-out request. The form (oidc-provider's, with its anti-forgery
 * value) answers with a redirect to the service's registered address: the policy lets it go there.
 */
export function logoutPage(ctx: KoaContextWithOIDC, form: string) {
  const language = pageLanguage(ctx);
  const t = messageTranslator(language);
  const service = ctx.oidc.client?.clientName;
  const target = (ctx.oidc.params as Record<string, unknown> | undefined)?.post_logout_redirect_uri;
  const targets = typeof target === "string" && URL.canParse(target) ? [new URL(target).origin] : [];
  ctx.type = "html";
  ctx.set("Content-Security-Policy", pagePolicy(targets));
  ctx.body = renderPage(
    language,
    t("oidc.logoutTitle"),
    [
      paragraph(service ? t("oidc.logoutBody", { service }) : t("oidc.logoutBodyNoService")),
      form,
      `<div class="actions">`,
      `<button class="primary" type="submit" form="op.logoutForm" name="logout" value="yes">${escape(t("oidc.logoutConfirm"))}</button>`,
      `<button class="secondary" type="submit" form="op.logoutForm">${escape(t("oidc.logoutCancel"))}</button>`,
      `</div>`,
    ].join("\n"),
  );
}

/** Signed out, when the service registered no address to come back to. */
export function logoutDonePage(ctx: KoaContextWithOIDC) {
  const language = pageLanguage(ctx);
  const t = messageTranslator(language);
  ctx.type = "html";
  ctx.set("Content-Security-Policy", pagePolicy());
  ctx.body = renderPage(language, t("oidc.logoutDoneTitle"), paragraph(t("oidc.logoutDoneBody")));
}

/** An interaction page of our own (the wrong organisation, an expired sign-in), outside Koa. */
export function htmlDocument(
  language: Language,
  title: string,
  paragraphs: string[],
  links: { href: string; text: string; primary?: boolean }[] = [],
): string {
  return renderPage(
    language,
    title,
    [
      ...paragraphs.map(paragraph),
      links.length
        ? `<div class="actions">${links
            .map((l) => `<a ${l.primary ? 'class="button" ' : ""}href="${escape(l.href)}">${escape(l.text)}</a>`)
            .join("")}</div>`
        : "",
    ].join("\n"),
  );
}
