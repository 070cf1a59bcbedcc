import { getTranslations } from "next-intl/server";
import { locales } from "@/lib/i18n/config";
import { switchLanguageAction } from "./language-actions";

/** Three plain submit buttons: works without JavaScript, and each names its language in itself. */
export async function LanguageSwitch({ current, returnTo }: { current: string; returnTo: string }) {
  const t = await getTranslations();
  return (
    <form action={switchLanguageAction} aria-label={t("common.languageLabel")} className="flex gap-1">
      <input type="hidden" name="returnTo" value={returnTo} />
      {locales.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-pressed={locale === current}
          className="rounded px-2 py-1 text-sm underline-offset-2 hover:underline aria-pressed:bg-white aria-pressed:font-semibold aria-pressed:text-brand-800"
        >
          {t(`languages.${locale}`)}
        </button>
      ))}
    </form>
  );
}
