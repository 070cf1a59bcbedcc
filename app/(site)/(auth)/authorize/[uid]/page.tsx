import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Button } from "@/app/ui/button";
import { requireUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { loadConsent } from "@/lib/flows/oidc/sign-in-request";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("oidc"))("consentMeta") };
}

type Params = Promise<{ uid: string }>;

/**
 * The consent page of a third-party service's first sign-in (or a new scope): what it gets, and
 * allow or not. The form posts to the provider's interaction step, which records the answer and
 * sends the person back to the service; with or without JavaScript, it is a plain form.
 */
export default async function AuthorizePage({ params }: { params: Params }) {
  const { uid } = await params;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(uid)) notFound();
  const current = await requireUser(`/oidc/interaction/${uid}`);
  const consent = await loadConsent(await getDb(), uid, current.user.oidcSubject);
  if (!consent) notFound();
  const t = await getTranslations("oidc");
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 text-3xl font-bold">{t("consentTitle", { service: consent.service })}</h1>
      <p className="mb-4">{t("consentIntro", { service: consent.service })}</p>
      <h2 id="consent-scopes" className="mb-2 text-lg font-semibold">
        {t("consentListLabel")}
      </h2>
      <ul aria-labelledby="consent-scopes" className="mb-4 list-disc space-y-1 pl-6">
        {consent.scopes.map((scope) => (
          <li key={scope}>{t(`scope.${scope}` as "scope.openid")}</li>
        ))}
      </ul>
      {consent.offline && <p className="mb-4">{t("consentOffline")}</p>}
      <p className="mb-6">{t("consentWithdraw")}</p>
      <form method="post" action={`/oidc/interaction/${uid}/confirm`} className="flex flex-wrap gap-3">
        <Button variant="primary" name="decision" value="allow">
          {t("consentAllow")}
        </Button>
        <Button name="decision" value="deny">
          {t("consentDeny")}
        </Button>
      </form>
    </div>
  );
}
