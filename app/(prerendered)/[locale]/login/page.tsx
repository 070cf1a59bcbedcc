import { setRequestLocale } from "next-intl/server";
import { ClientMessages } from "@/app/ui/client-messages";
import { LoginPageContent, loginMetadata } from "@/app/(site)/(auth)/login/login-page";
import type { Locale } from "@/lib/i18n/config";

export const generateMetadata = loginMetadata;

/** The bare `/login` in one language, built at `next build`: no per-request rendering. */
export default async function PrerenderedLoginPage({ params }: { params: Promise<{ locale: Locale }> }) {
  setRequestLocale((await params).locale);
  return (
    <ClientMessages namespaces={["common", "login"]}>
      <LoginPageContent callbackUrl="/account" />
    </ClientMessages>
  );
}
