import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getCurrentUser } from "@/lib/auth/guards";
import { defaultLocale, isLocale, LOCALE_COOKIE, localeFromAcceptLanguage } from "@/lib/i18n/config";

/**
 * next-intl's request configuration (next.config.ts names this file). It lives outside lib/i18n
 * because it asks the Auth.js wiring who is signed in, and lib/i18n sits below it.
 *
 * The language of a page: the one a prerendered page was built in; else the signed-in person's
 * saved language; else the language switch's cookie; else the browser's Accept-Language.
 */
export default getRequestConfig(async ({ requestLocale }) => {
  const locale = await pickLocale(await requestLocale);
  return { locale, messages: (await import(`../lib/i18n/${locale}.json`)).default };
});

async function pickLocale(fixed: string | undefined) {
  if (isLocale(fixed)) return fixed;
  const saved = (await getCurrentUser())?.user.language;
  if (isLocale(saved)) return saved;
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(cookie)
    ? cookie
    : (localeFromAcceptLanguage((await headers()).get("accept-language")) ?? defaultLocale);
}
