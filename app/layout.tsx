import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { LanguageSwitch } from "./ui/language-switch";
import "./globals.css";

const CLIENT_NAMESPACES = ["common", "login", "activate", "contact", "passwordPolicy", "recovery", "account"] as const;

export const metadata: Metadata = { title: "Tunnus", robots: { index: false, follow: false } };
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [locale, t, messages] = await Promise.all([getLocale(), getTranslations("common"), getMessages()]);
  // Client components get only the namespaces they use: not every e-mail and SMS text on every page.
  const clientMessages = Object.fromEntries(CLIENT_NAMESPACES.map((ns) => [ns, messages[ns]]));
  return (
    <html lang={locale}>
      <body className="min-h-dvh font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2"
        >
          {t("skipToContent")}
        </a>
        <header className="bg-brand-800 text-white">
          <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-2 px-4 py-3">
            <Link href="/" className="text-lg font-bold text-white no-underline hover:text-white focus-visible:outline-white">
              {t("appName")}
            </Link>
            <LanguageSwitch />
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-3xl px-4 py-8 focus:outline-none">
          <NextIntlClientProvider messages={clientMessages}>{children}</NextIntlClientProvider>
        </main>
      </body>
    </html>
  );
}
