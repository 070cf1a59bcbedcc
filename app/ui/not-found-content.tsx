import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** "Page not found", for a notFound() inside a page and for an address that matches no route. */
export async function NotFoundContent() {
  const t = await getTranslations("common");
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold">{t("notFoundTitle")}</h1>
      <p className="mb-4">{t("notFoundBody")}</p>
      <Link href="/login">{t("toLogin")}</Link>
    </>
  );
}
