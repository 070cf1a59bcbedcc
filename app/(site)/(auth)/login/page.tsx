import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getCurrentUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { serviceOfSignInRequest, signInRequestUid } from "@/lib/flows/oidc/sign-in-request";
import { safeReturnPath } from "@/lib/session/return-path";
import { LoginPageContent, loginMetadata } from "./login-page";

export const generateMetadata = () => loginMetadata();

type Search = Promise<{
  callbackUrl?: string | string[];
  signedOut?: string;
  error?: string | string[];
  prompt?: string | string[];
}>;

/** `/login` with a return path, a notice or an error, and for visitors who carry a session cookie. */
export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  // A service may ask for a fresh sign-in (OpenID `prompt=login`, `max_age`): then the form is
  // shown even to someone signed in, and the new sign-in replaces their session.
  const fresh = params.prompt === "login";
  if (!fresh && (await getCurrentUser())) redirect(callbackUrl);
  const requestUid = signInRequestUid(callbackUrl);
  const service = requestUid ? await serviceOfSignInRequest(await getDb(), requestUid) : null;
  const [t, tExternal] = await Promise.all([getTranslations("login"), getTranslations("external")]);
  // Auth.js and the provider callback come back here with ?error=…; its codes say nothing to a person.
  const error =
    params.error === undefined
      ? undefined
      : params.error === "rate_limited"
        ? t("errors.rateLimited")
        : tExternal("loginFailed");
  return (
    <LoginPageContent
      callbackUrl={callbackUrl}
      signedOut={params.signedOut === "1"}
      error={error}
      service={service ? { name: service.name, fresh } : undefined}
    />
  );
}
