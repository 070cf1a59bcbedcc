import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "./client-messages";
import { LanguageSwitch } from "./language-switch";
import "../globals.css";

export const shellMetadata: Metadata = { title: "Tunnus", robots: { index: false, follow: false } };
export const shellViewport: Viewport = { width: "device-width", initialScale: 1 };

/**
 * The document around every page: both root layouts render it, the per-request one of the site
 * and the one of the pages prerendered per language (`app/(prerendered)`).
 */
export async function PageShell({
  locale,
  returnTo,
  children,
}: {
  locale: string;
  returnTo: string;
  children: React.ReactNode;
}) {
  const t = await getTranslations("common");
  return (
    <html lang={locale}>
      <body className="min-h-dvh font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10 focus:rounded focus:bg-white focus:p-2"
        >
          {t("skipToContent")}
        </a>
        <header className="bg-brand-800 text-white">
          <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-2 px-4 py-3">
            <Link
              href="/"
              className="text-lg font-bold text-white no-underline hover:text-white focus-visible:outline-white"
            >
              {t("appName")}
            </Link>
            <LanguageSwitch current={locale} returnTo={returnTo} />
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-3xl px-4 py-8 focus:outline-none">
          {/* Only the common texts here (the error page); each route's layout adds what its forms use. */}
          <ClientMessages namespaces={["common"]}>{children}</ClientMessages>
        </main>
      </body>
    </html>
  );
}
