import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/app/ui/button";
import { ContactSection } from "@/app/ui/contact/contact-section";
import { CurrentPasswordField } from "@/app/ui/current-password-field";
import { SelectField } from "@/app/ui/select-field";
import { Notice } from "@/app/ui/notice";
import { switchLanguage } from "@/app/ui/language-actions";
import { authSecret } from "@/lib/session/dev-secret";
import { requireUser } from "@/lib/auth/guards";
import { formatIdentifier } from "@/lib/identity/identifiers";
import { getDb } from "@/lib/db/client";
import { listOwnSessions } from "@/lib/flows/account/sessions";
import { listExternalAccounts } from "@/lib/flows/external/links";
import { signedInRecently } from "@/lib/flows/sign-in/recent-auth";
import { pendingCode } from "@/lib/tokens/tokens";
import {
  cancelContactChangeAction,
  confirmContactChange,
  logout,
  removePhoneAction,
  requestContactChange,
} from "./actions";
import { ExternalSection } from "./external-section";
import { PasswordForm } from "./password-form";
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
  const { user, organization, sessionId } = await requireUser("/account");
  const { activated, saved, phoneError, external, externalError, provider } = await searchParams;
  const t = await getTranslations();
  const db = await getDb();
  const now = new Date();
  const [recent, pendingEmail, pendingPhone, sessions, linked] = await Promise.all([
    signedInRecently(db, sessionId, now),
    pendingCode(db, user.id, "email_change", now),
    pendingCode(db, user.id, "phone_change", now),
    listOwnSessions(db, { userId: user.id, currentSessionId: sessionId, handleSecret: authSecret() }, now),
    listExternalAccounts(db, user.id),
  ]);
  const identifier = formatIdentifier(user, organization);
  const rows: [string, React.ReactNode][] = [
    [t("account.username"), identifier],
    [t("account.organization"), organization.name],
    [t("account.name"), user.displayName || t("account.notGiven")],
  ];
  const contactActions = {
    request: requestContactChange,
    confirm: confirmContactChange,
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
        <p>{t("account.signedInAs", { name: user.displayName || identifier })}</p>
        <form action={logout}>
          <Button>{t("account.signOut")}</Button>
        </form>
      </div>
      {user.role === "admin" && (
        <p className="mb-6">
          <Link href="/admin">{t("account.adminLink")}</Link>
        </p>
      )}

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
        current={user.email}
        verified={Boolean(user.emailVerifiedAt)}
        pendingTarget={pendingEmail?.target ?? null}
        saved={saved === "email"}
        hidden={{}}
        actions={contactActions}
        needsPassword={!recent}
      />
      <ContactSection
        channel="phone"
        current={user.phone}
        verified={Boolean(user.phoneVerifiedAt)}
        pendingTarget={pendingPhone?.target ?? null}
        saved={saved === "phone"}
        hidden={{}}
        actions={contactActions}
        needsPassword={!recent}
      >
        {saved === "phoneRemoved" && <Notice>{t("contact.phoneRemoved")}</Notice>}
        {user.phone && !pendingPhone && (
          <form action={removePhoneAction} noValidate className="mt-4">
            {!recent && (
              <CurrentPasswordField
                id="remove-phone-password"
                name="currentPassword"
                label={t("contact.currentPassword")}
                hint={t("contact.currentPasswordHint")}
                error={phoneErrorText}
              />
            )}
            {recent && phoneErrorText && (
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
        <PasswordForm minLength={organization.minPasswordLength} username={identifier} />
      </section>

      <section id="language" aria-labelledby="language-heading" className="mb-8 scroll-mt-4">
        <h2 id="language-heading" className="mb-1 text-xl font-semibold">
          {t("account.languageHeading")}
        </h2>
        <p className="mb-3 text-slate-700">{t("account.languageIntro")}</p>
        {saved === "language" && <Notice>{t("account.languageSaved")}</Notice>}
        <form action={switchLanguage} className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="returnTo" value="/account?saved=language#language" />
          <SelectField
            id="locale"
            label={t("account.language")}
            defaultValue={user.language}
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
        linked={linked}
        needsPassword={!recent}
        result={external}
        gateError={externalError}
        gateProvider={provider}
      />

      <SessionsSection sessions={sessions} />
    </>
  );
}
