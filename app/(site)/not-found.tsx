import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("common");
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold">{t("notFoundTitle")}</h1>
      <p className="mb-4">{t("notFoundBody")}</p>
      <Link href="/login">{t("toLogin")}</Link>
    </>
  );
}
