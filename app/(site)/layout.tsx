import { headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { PageShell, shellMetadata, shellViewport } from "@/app/ui/page-shell";

export const metadata = shellMetadata;
export const viewport = shellViewport;

/** The root layout of every page rendered per request. */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [locale, h] = await Promise.all([getLocale(), headers()]);
  return (
    <PageShell locale={locale} returnTo={h.get("x-tunnus-path") ?? "/"}>
      {children}
    </PageShell>
  );
}
