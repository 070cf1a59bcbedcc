import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/app/ui/alert";
import { Notice } from "@/app/ui/notice";
import { enabledExternalProviders } from "@/lib/auth/external-config";
import { env } from "@/lib/env";
import { ExternalSignIn } from "./external-sign-in";
import { LoginForm } from "./login-form";

export async function loginMetadata({ params }: { params?: Promise<{ locale?: string }> } = {}): Promise<Metadata> {
  const locale = (await params)?.locale;
  const t = locale ? await getTranslations({ locale, namespace: "login" }) : await getTranslations("login");
  return { title: t("metaTitle") };
}

/**
 * The sign-in page's content, shared by the page rendered per request (`?callbackUrl=…`, errors,
 * signed-in visitors) and the one prerendered per language for the bare `/login`.
 */
export async function LoginPageContent({
  callbackUrl,
  signedOut = false,
  error,
  service,
}: {
  callbackUrl: string;
  signedOut?: boolean;
  error?: string;
  /** A service's sign-in request brought the person here (OpenID Connect). */
  service?: { name: string; fresh: boolean };
}) {
  const [t, tService] = await Promise.all([getTranslations("login"), getTranslations("oidc")]);
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-2 text-3xl font-bold">{t("title")}</h1>
      <p className="mb-6">{t("intro")}</p>
      {service && (
        <Notice>
          {tService("signingInTo", { service: service.name })}
          {service.fresh && ` ${tService("freshSignIn")}`}
        </Notice>
      )}
      {signedOut && <Notice>{t("signedOut")}</Notice>}
      {error && <Alert variant="error">{error}</Alert>}
      <LoginForm callbackUrl={callbackUrl} />
      <ExternalSignIn
        providers={enabledExternalProviders(env()).map(({ id, name }) => ({ id, name }))}
        callbackUrl={callbackUrl}
      />
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
