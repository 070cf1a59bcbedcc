import { notFound } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import { PageShell, shellMetadata, shellViewport } from "@/app/ui/page-shell";
import { isLocale, locales } from "@/lib/i18n/config";

export const metadata = shellMetadata;
export const viewport = shellViewport;
export const dynamicParams = false;
export const generateStaticParams = () => locales.map((locale) => ({ locale }));

/**
 * The root layout of the pages built once per language (the bare `/login`, the most visited
 * page): the proxy rewrites to them, so their addresses never show.
 */
export default async function PrerenderedLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ locale: string }>;
}) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  return (
    <PageShell locale={locale} returnTo="/login">
      {children}
    </PageShell>
  );
}
