import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { findEnabledProvider } from "@/lib/auth/external-config";
import { env } from "@/lib/env";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("external.notLinked"))("metaTitle") };
}

/**
 * Where a sign-in through an outside account that nobody linked ends: no session, no new account,
 * and the way to link it. The provider's name comes from our configuration, never from the URL.
 */
export default async function NotLinkedPage({
  searchParams,
}: {
  searchParams: Promise<{ provider?: string | string[] }>;
}) {
  const provider = findEnabledProvider(env(), (await searchParams).provider);
  const t = await getTranslations("external.notLinked");
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 text-3xl font-bold">{t("title")}</h1>
      <p className="mb-6">{provider ? t("introProvider", { provider: provider.name }) : t("intro")}</p>
      <h2 className="mb-2 text-xl font-semibold">{t("howHeading")}</h2>
      <ol className="mb-6 list-decimal space-y-1 pl-6">
        <li>{t("step1")}</li>
        <li>{t("step2")}</li>
        <li>{t("step3")}</li>
      </ol>
      <p className="mb-4">
        <Link
          href="/login?callbackUrl=%2Faccount"
          className="inline-block rounded bg-brand-700 px-4 py-3 font-semibold text-white no-underline hover:bg-brand-800 hover:text-white"
        >
          {t("signIn")}
        </Link>
      </p>
      <p>
        <Link href="/forgot-password">{t("forgotPassword")}</Link>
      </p>
    </div>
  );
}
