import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Notice } from "@/app/ui/notice";
import { getCurrentUser } from "@/lib/auth/guards";
import { enabledExternalProviders } from "@/lib/auth/external-config";
import { safeReturnPath } from "@/lib/auth/return-path";
import { env } from "@/lib/env";
import { ExternalSignIn } from "./external-sign-in";
import { LoginForm } from "./login-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("login"))("metaTitle") };
}

type Search = Promise<{ callbackUrl?: string | string[]; signedOut?: string; error?: string | string[] }>;

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  const [t, tExternal] = await Promise.all([getTranslations("login"), getTranslations("external")]);
  // Auth.js and the provider callback come back here with ?error=…; its codes say nothing to a person.
  const error = params.error === undefined ? undefined : params.error === "rate_limited" ? t("errors.rateLimited") : tExternal("loginFailed");
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-2 text-3xl font-bold">{t("title")}</h1>
      <p className="mb-6">{t("intro")}</p>
      {params.signedOut === "1" && <Notice>{t("signedOut")}</Notice>}
      {error && (
        <p role="alert" className="mb-6 rounded border-2 border-red-800 bg-red-50 p-4 font-semibold text-red-900">
          {error}
        </p>
      )}
      <LoginForm callbackUrl={callbackUrl} />
      <ExternalSignIn providers={enabledExternalProviders(env()).map(({ id, name }) => ({ id, name }))} callbackUrl={callbackUrl} />
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
