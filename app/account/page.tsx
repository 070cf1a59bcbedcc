import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Notice } from "@/app/ui/notice";
import { requireUser } from "@/lib/auth/guards";
import { formatIdentifier } from "@/lib/auth/identifiers";
import { logout } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("metaTitle") };
}

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ activated?: string }> }) {
  const { user, organization } = await requireUser("/account");
  const { activated } = await searchParams;
  const t = await getTranslations();
  const identifier = formatIdentifier(user, organization);
  const verifiedState = (at: Date | null) => (at ? t("account.verified") : t("account.notVerified"));
  const rows: [string, React.ReactNode][] = [
    [t("account.username"), identifier],
    [t("account.organization"), organization.name],
    [t("account.name"), user.displayName || t("account.notGiven")],
    [t("account.email"), user.email ? `${user.email} (${verifiedState(user.emailVerifiedAt)})` : t("account.notGiven")],
    [t("account.phone"), user.phone ? `${user.phone} (${verifiedState(user.phoneVerifiedAt)})` : t("account.notGiven")],
    [t("account.language"), t(`languages.${user.language}`)],
  ];
  return (
    <>
      <h1 className="mb-2 text-3xl font-bold">{t("account.title")}</h1>
      {activated === "1" && <Notice>{t("account.activated")}</Notice>}
      <p className="mb-6">{t("account.signedInAs", { name: user.displayName || identifier })}</p>
      <dl className="mb-8 divide-y divide-slate-300 rounded border border-slate-300 bg-white">
        {rows.map(([term, value]) => (
          <div key={term} className="grid gap-1 px-4 py-3 sm:grid-cols-3">
            <dt className="font-semibold">{term}</dt>
            <dd className="break-words sm:col-span-2">{value}</dd>
          </div>
        ))}
      </dl>
      <form action={logout}>
        <button type="submit" className="rounded border-2 border-brand-700 bg-white px-4 py-2 font-semibold text-brand-800 hover:bg-slate-100">
          {t("account.signOut")}
        </button>
      </form>
    </>
  );
}
