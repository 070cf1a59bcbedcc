import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { OrderPasswordForm } from "./order-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("recovery"))("orderPasswordMeta") };
}

/** "Tilaa uusi salasana": a link by e-mail, also for a member's first password. */
export default async function OrderPasswordPage() {
  const t = await getTranslations("recovery");
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-2 text-3xl font-bold">{t("orderPasswordTitle")}</h1>
      <p className="mb-6">{t("orderPasswordIntro")}</p>
      <OrderPasswordForm />
      <p className="mt-6">
        <Link href="/login">{t("backToLogin")}</Link>
      </p>
    </div>
  );
}
