import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/lib/db/client";
import { loadResetLink } from "@/lib/flows/password/reset-by-link";
import { ResetPasswordForm } from "./reset-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("recovery"))("resetMeta") };
}

/** "Palauta salasana". Opening the link never spends it; "Vaihda salasana" does. */
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [t, view] = await Promise.all([getTranslations("recovery"), loadResetLink(await getDb(), token, new Date())]);
  if (!view.ok) {
    return (
      <div className="mx-auto max-w-md">
        <h1 className="mb-4 text-3xl font-bold">{t("linkInvalidTitle")}</h1>
        <p className="mb-6">{t("linkInvalidBody")}</p>
        <Link href="/order-password">{t("orderAgain")}</Link>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-2 text-3xl font-bold">{t("resetTitle")}</h1>
      <p className="mb-6 font-semibold">{t("resetFor", { identifier: view.identifier })}</p>
      <ResetPasswordForm token={token} identifier={view.identifier} minLength={view.organization.minPasswordLength} />
    </div>
  );
}
