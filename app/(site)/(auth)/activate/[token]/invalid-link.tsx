import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** What happened to the link, and whom to ask for a new one. */
export async function InvalidLink({
  reason,
  organization,
}: {
  reason: "unknown" | "used" | "expired";
  organization: { name: string; supportEmail: string | null; supportPhone: string | null } | null;
}) {
  const t = await getTranslations("activate");
  const contact = organization && [organization.supportEmail, organization.supportPhone].filter(Boolean).join(", ");
  const why = { unknown: t("invalidUnknown"), used: t("invalidUsed"), expired: t("invalidExpired") }[reason];
  return (
    <>
      <h1 className="mb-4 text-3xl font-bold">{t("invalidTitle")}</h1>
      <p className="mb-3">{why}</p>
      <p className="mb-3">{t("invalidAsk")}</p>
      {organization && contact && (
        <p className="mb-3">{t("invalidContact", { organization: organization.name, contact })}</p>
      )}
      <p>
        <Link href="/login">{t("invalidSignIn")}</Link>
      </p>
    </>
  );
}
