"use client";

import { useTranslations } from "next-intl";

/** No detail of the failure reaches the page: it is in the server log, with its digest. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("common");
  return (
    <div role="alert">
      <h1 className="mb-4 text-2xl font-bold">{t("errorTitle")}</h1>
      <p className="mb-4">{t("errorBody")}</p>
      <button type="button" onClick={reset} className="rounded bg-brand-700 px-4 py-2 font-semibold text-white">
        {t("tryAgain")}
      </button>
    </div>
  );
}
