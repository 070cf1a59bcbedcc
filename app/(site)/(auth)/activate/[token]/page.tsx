import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ContactSection } from "@/app/ui/contact/contact-section";
import { getDb } from "@/lib/db/client";
import { loadActivation } from "@/lib/flows/account/activation";
import { ActivateForm } from "./activate-form";
import { cancelActivationChangeAction, confirmActivationCodeAction, requestActivationCodeAction } from "./actions";
import { InvalidLink } from "./invalid-link";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("activate"))("metaTitle") };
}

type Props = { params: Promise<{ token: string }>; searchParams: Promise<{ saved?: string }> };

/** Opening this page only looks at the link; the final submit spends it. */
export default async function ActivatePage({ params, searchParams }: Props) {
  const [{ token }, { saved }] = await Promise.all([params, searchParams]);
  const view = await loadActivation(await getDb(), token, new Date());
  if (!view.ok) return <InvalidLink reason={view.reason} organization={view.organization} />;

  const t = await getTranslations("activate");
  const { user, organization } = view;
  const actions = {
    request: requestActivationCodeAction,
    confirm: confirmActivationCodeAction,
    cancel: cancelActivationChangeAction,
  };
  return (
    <>
      <h1 className="mb-2 text-3xl font-bold">{t("title")}</h1>
      <p className="mb-6">{t("intro", { organization: organization.name })}</p>
      <dl className="mb-8 rounded border border-slate-300 bg-white p-4">
        <dt className="font-semibold">{t("organization")}</dt>
        <dd className="mb-3">{organization.name}</dd>
        <dt className="font-semibold">{t("username")}</dt>
        <dd className="text-xl font-bold break-all">{view.identifier}</dd>
        <dd className="text-sm text-slate-700">{t("usernameHint")}</dd>
      </dl>
      <ContactSection
        channel="email"
        current={user.email}
        verified={Boolean(user.emailVerifiedAt)}
        pendingTarget={view.pendingEmail}
        saved={saved === "email"}
        hidden={{ token }}
        actions={actions}
      />
      <ContactSection
        channel="phone"
        current={user.phone}
        verified={Boolean(user.phoneVerifiedAt)}
        pendingTarget={view.pendingPhone}
        saved={saved === "phone"}
        hidden={{ token }}
        actions={actions}
      />
      <section aria-labelledby="password-heading">
        <h2 id="password-heading" className="mb-3 text-xl font-semibold">
          {t("passwordHeading")}
        </h2>
        <ActivateForm token={token} minLength={organization.minPasswordLength} username={view.identifier} />
      </section>
    </>
  );
}
