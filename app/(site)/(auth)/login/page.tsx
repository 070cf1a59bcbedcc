import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getCurrentUser } from "@/lib/auth/guards";
import { safeReturnPath } from "@/lib/session/return-path";
import { LoginPageContent, loginMetadata } from "./login-page";

export const generateMetadata = () => loginMetadata();

type Search = Promise<{ callbackUrl?: string | string[]; signedOut?: string; error?: string | string[] }>;

/** `/login` with a return path, a notice or an error, and for visitors who carry a session cookie. */
export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  const [t, tExternal] = await Promise.all([getTranslations("login"), getTranslations("external")]);
  // Auth.js and the provider callback come back here with ?error=…; its codes say nothing to a person.
  const error =
    params.error === undefined
      ? undefined
      : params.error === "rate_limited"
        ? t("errors.rateLimited")
        : tExternal("loginFailed");
  return <LoginPageContent callbackUrl={callbackUrl} signedOut={params.signedOut === "1"} error={error} />;
}
