import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ForgotPasswordForm } from "./forgot-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("recovery"))("forgotPasswordMeta") };
}

/** "Unohtunut salasana": a reset code by e-mail or SMS, then the new password. */
export default async function ForgotPasswordPage() {
  const t = await getTranslations("recovery");
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-2 text-3xl font-bold">{t("forgotPasswordTitle")}</h1>
      <p className="mb-6">{t("forgotPasswordIntro")}</p>
      <ForgotPasswordForm />
      <p className="mt-6">
        <Link href="/login">{t("backToLogin")}</Link>
      </p>
    </div>
  );
}
