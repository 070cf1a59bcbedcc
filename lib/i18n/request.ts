import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { defaultLocale, isLocale, LOCALE_COOKIE, localeFromAcceptLanguage } from "./config";

export default getRequestConfig(async () => {
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(cookie) ? cookie : (localeFromAcceptLanguage((await headers()).get("accept-language")) ?? defaultLocale);
  return { locale, messages: (await import(`./${locale}.json`)).default };
});
