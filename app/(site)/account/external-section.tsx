import { getLocale, getTranslations } from "next-intl/server";
import { Alert } from "@/app/ui/alert";
import { Button } from "@/app/ui/button";
import { CurrentPasswordField } from "@/app/ui/current-password-field";
import { Notice } from "@/app/ui/notice";
import { enabledExternalProviders, externalProviderName } from "@/lib/auth/external-config";
import { env } from "@/lib/env";
import type { LinkedAccount } from "@/lib/flows/external/links";
import { linkExternalAction, unlinkExternalAction } from "./actions";

const NOTICES = ["linked", "unlinked"] as const;
const ERRORS = [
  "alreadyLinked",
  "linkedToOther",
  "providerTaken",
  "expired",
  "lastWayIn",
  "notFound",
  "unavailable",
] as const;
// A link that failed because the session ended or the answer was unreadable reads as "try again".
const AS_EXPIRED = ["sessionEnded", "invalid"];
const GATE_ERRORS = ["passwordRequired", "passwordWrong", "rateLimited"] as const;

const formatDate = (date: Date, locale: string) =>
  new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, {
    dateStyle: "medium",
    timeZone: "Europe/Helsinki",
  }).format(date);

type Props = {
  linked: LinkedAccount[];
  needsPassword: boolean;
  /** `?external=` after a link or unlink, `?externalError=` and `?provider=` after the recent-sign-in gate. */
  result?: string;
  gateError?: string;
  gateProvider?: string;
};

/** "Ulkoinen kirjautuminen": the linked outside accounts, and a button to link each configured provider. */
export async function ExternalSection({ linked, needsPassword, result, gateError, gateProvider }: Props) {
  const providers = enabledExternalProviders(env());
  if (providers.length === 0 && linked.length === 0) return null;
  const [t, tAll, locale] = await Promise.all([getTranslations("external"), getTranslations(), getLocale()]);
  const notice = NOTICES.find((n) => n === result);
  const error = ERRORS.find((e) => e === result) ?? (result && AS_EXPIRED.includes(result) ? "expired" : undefined);
  const gate = GATE_ERRORS.find((e) => e === gateError);
  const gateText =
    gate === "rateLimited" ? tAll("account.errors.rateLimited") : gate ? tAll(`contact.errors.${gate}`) : undefined;
  const unlinkedProviders = providers.filter((p) => !linked.some((l) => l.provider === p.id));

  return (
    <section id="external" aria-labelledby="external-heading" className="mb-8 scroll-mt-4">
      <h2 id="external-heading" className="mb-1 text-xl font-semibold">
        {t("heading")}
      </h2>
      <p className="mb-3 text-slate-700">{t("intro")}</p>
      {notice && <Notice>{t(`notices.${notice}`)}</Notice>}
      {error && (
        <Alert variant="error" className="mb-4">
          {t(`errors.${error}`)}
        </Alert>
      )}
      <ul className="mb-4 divide-y divide-slate-300 rounded border border-slate-300 bg-white">
        {linked.map((account) => {
          const name = externalProviderName(env(), account.provider);
          return (
            <li key={account.id} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3">
              <div>
                <p className="font-semibold">{name}</p>
                <p className="text-sm text-slate-700">
                  {account.label && <span className="break-all">{account.label} · </span>}
                  {t("linkedSince", { date: formatDate(account.createdAt, locale) })}
                </p>
              </div>
              <form action={unlinkExternalAction}>
                <input type="hidden" name="accountId" value={account.id} />
                {/* The visible word first, then whose: "Poista yhteys: Google" for a screen reader. */}
                <Button aria-label={`${t("remove")}: ${name}`}>{t("remove")}</Button>
              </form>
            </li>
          );
        })}
        {unlinkedProviders.map((p) => (
          <li key={p.id} className="px-4 py-3">
            <form action={linkExternalAction} noValidate>
              <input type="hidden" name="provider" value={p.id} />
              <p className="font-semibold">{p.name}</p>
              <p className="mb-2 text-sm text-slate-700">{t("notLinkedYet")}</p>
              {needsPassword && (
                <CurrentPasswordField
                  id={`external-password-${p.id}`}
                  name="currentPassword"
                  label={tAll("contact.currentPassword")}
                  hint={t("passwordToConnect")}
                  error={gateProvider === p.id ? gateText : undefined}
                />
              )}
              {!needsPassword && gateProvider === p.id && gateText && (
                <p role="alert" className="mb-2 font-semibold text-red-800">
                  {gateText}
                </p>
              )}
              <Button aria-label={`${t("connect")}: ${p.name}`}>{t("connect")}</Button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}
