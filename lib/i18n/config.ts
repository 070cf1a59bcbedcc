import { isLanguage, type Language, languages } from "./languages";

/** A page's language is one of the service's languages (languages.ts), under next-intl's name. */
export const locales = languages;
export type Locale = Language;
export const defaultLocale: Locale = "fi";
/** Set by the language switch and at sign-in from the person's saved language. */
export const LOCALE_COOKIE = "NEXT_LOCALE";

export const isLocale = isLanguage;

/** The best supported language in an Accept-Language header, honouring q-values. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { lang: tag.toLowerCase().split("-")[0], q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  // Norwegian and Danish readers understand Swedish better than Finnish.
  const alias: Record<string, Locale> = { nb: "sv", no: "sv", nn: "sv", da: "sv" };
  for (const { lang } of ranked) {
    if (isLocale(lang)) return lang;
    if (lang && alias[lang]) return alias[lang];
  }
  return undefined;
}
