import { headers } from "next/headers";
import { getLocale, getTranslations } from "next-intl/server";
import { NotFoundContent } from "@/app/ui/not-found-content";
import { PageShell, shellViewport } from "@/app/ui/page-shell";

export const viewport = shellViewport;

export async function generateMetadata() {
  return { title: (await getTranslations("common"))("notFoundTitle"), robots: { index: false, follow: false } };
}

/** An address that matches no route: with two root layouts, none of them is around it. */
export default async function GlobalNotFound() {
  const [locale, h] = await Promise.all([getLocale(), headers()]);
  return (
    <PageShell locale={locale} returnTo={h.get("x-tunnus-path") ?? "/"}>
      <NotFoundContent />
    </PageShell>
  );
}
