import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ForgotUsernameForm } from "./forgot-username-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("recovery"))("forgotUsernameMeta") };
}

/** "Unohtunut käyttäjätunnus": the usernames go to the address or number, never onto the screen. */
export default async function ForgotUsernamePage() {
  const t = await getTranslations("recovery");
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-2 text-3xl font-bold">{t("forgotUsernameTitle")}</h1>
      <p className="mb-6">{t("forgotUsernameIntro")}</p>
      <ForgotUsernameForm />
      <p className="mt-6">
        <Link href="/login">{t("backToLogin")}</Link>
      </p>
    </div>
  );
}
