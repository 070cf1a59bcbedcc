import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Notice } from "@/app/ui/notice";
import { getCurrentUser } from "@/lib/auth/guards";
import { safeReturnPath } from "@/lib/auth/return-path";
import { LoginForm } from "./login-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("login"))("metaTitle") };
}

type Search = Promise<{ callbackUrl?: string | string[]; signedOut?: string }>;

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  const t = await getTranslations("login");
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-2 text-3xl font-bold">{t("title")}</h1>
      <p className="mb-6">{t("intro")}</p>
      {params.signedOut === "1" && <Notice>{t("signedOut")}</Notice>}
      <LoginForm callbackUrl={callbackUrl} />
      <nav aria-labelledby="login-help" className="mt-8">
        <h2 id="login-help" className="mb-2 text-lg font-semibold">
          {t("helpHeading")}
        </h2>
        <ul className="space-y-2">
          <li>
            <Link href="/forgot-password">{t("forgotPassword")}</Link>
          </li>
          <li>
            <Link href="/forgot-username">{t("forgotUsername")}</Link>
          </li>
          <li>
            <Link href="/order-password">{t("orderPassword")}</Link>
          </li>
        </ul>
      </nav>
    </div>
  );
}
