import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("recovery"))("doneMeta") };
}

/** Where every reset ends: the confirmation and the way to sign in. */
export default async function PasswordChangedPage() {
  const t = await getTranslations("recovery");
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 text-3xl font-bold">{t("doneTitle")}</h1>
      <p role="status" className="mb-6">
        {t("doneBody")}
      </p>
      <Link
        href="/login"
        className="inline-block rounded bg-brand-700 px-4 py-3 font-semibold text-white no-underline hover:bg-brand-800 hover:text-white"
      >
        {t("signIn")}
      </Link>
    </div>
  );
}
