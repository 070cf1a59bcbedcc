import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/app/ui/button";
import { ContactSection } from "@/app/ui/contact/contact-section";
import { CurrentPasswordField } from "@/app/ui/current-password-field";
import { SelectField } from "@/app/ui/select-field";
import { Notice } from "@/app/ui/notice";
import { switchLanguageAction } from "@/app/ui/language-actions";
import { requireUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { loadAccountPage } from "@/lib/flows/account/page";
import {
  cancelContactChangeAction,
  confirmContactChangeAction,
  logoutAction,
  removePhoneAction,
  requestContactChangeAction,
} from "./actions";
import { ExternalSection } from "./external-section";
import { PasswordForm } from "./password-form";
import { ConnectedServicesSection, OrganisationServicesSection } from "./services-section";
import { SessionsSection } from "./sessions-section";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("metaTitle") };
}

type Search = {
  activated?: string;
  saved?: string;
  phoneError?: string;
  external?: string;
  externalError?: string;
  provider?: string;
};

export default async function AccountPage({ searchParams }: { searchParams: Promise<Search> }) {
  const signedIn = await requireUser("/account");
  const { activated, saved, phoneError, external, externalError, provider } = await searchParams;
  const t = await getTranslations();
  const view = await loadAccountPage(await getDb(), signedIn, new Date());
  const { identifier, email, phone, needsPassword } = view;
  const rows: [string, React.ReactNode][] = [
    [t("account.username"), identifier],
    [t("account.organization"), view.organizationName],
    [t("account.name"), view.displayName || t("account.notGiven")],
  ];
  const contactActions = {
    request: requestContactChangeAction,
    confirm: confirmContactChangeAction,
    cancel: cancelContactChangeAction,
  };
  const phoneErrorText =
    phoneError && ["passwordRequired", "passwordWrong", "noPhone"].includes(phoneError)
      ? t(`contact.errors.${phoneError as "noPhone"}`)
      : phoneError === "rateLimited"
        ? t("account.errors.rateLimited")
        : undefined;
  return (
    <>
      <h1 className="mb-2 text-3xl font-bold">{t("account.title")}</h1>
      {activated === "1" && <Notice>{t("account.activated")}</Notice>}
      {saved === "session" && <Notice>{t("account.sessionEnded")}</Notice>}
      {/* Sign-out comes first after the greeting: the first thing a person on a shared computer looks for. */}
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <p>{t("account.signedInAs", { name: view.displayName || identifier })}</p>
        <form action={logoutAction}>
          <Button>{t("account.signOut")}</Button>
        </form>
      </div>
      {view.isAdmin && (
        <p className="mb-6">
          <Link href="/admin">{t("account.adminLink")}</Link>
        </p>
      )}

      {/* Next after the greeting: a member who came to Tunnus first goes on to a service from here. */}
      <OrganisationServicesSection services={view.organisationServices} />

      <section aria-labelledby="details-heading" className="mb-8">
        <h2 id="details-heading" className="mb-2 text-xl font-semibold">
          {t("account.detailsHeading")}
        </h2>
        <dl className="divide-y divide-slate-300 rounded border border-slate-300 bg-white">
          {rows.map(([term, value]) => (
            <div key={term} className="grid gap-1 px-4 py-3 sm:grid-cols-3">
              <dt className="font-semibold">{term}</dt>
              <dd className="break-words sm:col-span-2">{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <ContactSection
        channel="email"
        current={email.current}
        verified={email.verified}
        pendingTarget={email.pending}
        saved={saved === "email"}
        hidden={{}}
        actions={contactActions}
        needsPassword={needsPassword}
      />
      <ContactSection
        channel="phone"
        current={phone.current}
        verified={phone.verified}
        pendingTarget={phone.pending}
        saved={saved === "phone"}
        hidden={{}}
        actions={contactActions}
        needsPassword={needsPassword}
      >
        {saved === "phoneRemoved" && <Notice>{t("contact.phoneRemoved")}</Notice>}
        {phone.current && !phone.pending && (
          <form action={removePhoneAction} noValidate className="mt-4">
            {needsPassword && (
              <CurrentPasswordField
                id="remove-phone-password"
                name="currentPassword"
                label={t("contact.currentPassword")}
                hint={t("contact.currentPasswordHint")}
                error={phoneErrorText}
              />
            )}
            {!needsPassword && phoneErrorText && (
              <p role="alert" className="mb-2 font-semibold text-red-800">
                {phoneErrorText}
              </p>
            )}
            <Button>{t("contact.removePhone")}</Button>
          </form>
        )}
      </ContactSection>

      <section id="password-change" aria-labelledby="password-heading" className="mb-8 scroll-mt-4">
        <h2 id="password-heading" className="mb-1 text-xl font-semibold">
          {t("account.passwordHeading")}
        </h2>
        <p className="mb-3 text-slate-700">{t("account.passwordIntro")}</p>
        <PasswordForm minLength={view.minPasswordLength} username={identifier} />
      </section>

      <section id="language" aria-labelledby="language-heading" className="mb-8 scroll-mt-4">
        <h2 id="language-heading" className="mb-1 text-xl font-semibold">
          {t("account.languageHeading")}
        </h2>
        <p className="mb-3 text-slate-700">{t("account.languageIntro")}</p>
        {saved === "language" && <Notice>{t("account.languageSaved")}</Notice>}
        <form action={switchLanguageAction} className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="returnTo" value="/account?saved=language#language" />
          <SelectField
            id="locale"
            label={t("account.language")}
            defaultValue={view.language}
            fieldClassName=""
            fullWidth={false}
          >
            <option value="fi" lang="fi">
              Suomi
            </option>
            <option value="sv" lang="sv">
              Svenska
            </option>
            <option value="en" lang="en">
              English
            </option>
          </SelectField>
          <Button>{t("account.languageSave")}</Button>
        </form>
      </section>

      <ExternalSection
        linked={view.linked}
        needsPassword={needsPassword}
        result={external}
        gateError={externalError}
        gateProvider={provider}
      />

      <ConnectedServicesSection services={view.connectedServices} />

      <SessionsSection sessions={view.sessions} />
    </>
  );
}
