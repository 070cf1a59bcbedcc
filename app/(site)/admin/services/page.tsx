import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonClass } from "@/app/ui/button";
import { Notice } from "@/app/ui/notice";
import { getDb } from "@/lib/db/client";
import { listServices } from "@/lib/flows/admin/services";
import { AdminTable } from "../admin-table";
import { adminScope } from "../scope";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.services"))("metaTitle") };
}

/** The organisation's services (OpenID Connect clients): a table, each linking to its page, and "new". */
export default async function ServicesPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const { scope, current } = await adminScope("/admin/services");
  const { deleted } = await searchParams;
  const t = await getTranslations("admin.services");
  const services = await listServices(await getDb(), scope);
  return (
    <>
      <h1 className="mb-2 text-3xl font-bold">{t("title")}</h1>
      <p className="mb-4">{t("intro")}</p>
      {deleted === "1" && <Notice>{t("deleted")}</Notice>}
      <p className="mb-6">
        <Link href="/admin/services/new" className={`${buttonClass()} inline-block no-underline`}>
          {t("new")}
        </Link>
      </p>
      {services.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <AdminTable
          labelledBy="services-caption"
          caption={t("caption", { organization: current.organization.name })}
          columns={[
            t("columns.name"),
            t("columns.clientId"),
            t("columns.kind"),
            t("columns.firstParty"),
            t("columns.redirectUris"),
          ]}
        >
          {services.map((s) => (
            <tr key={s.id} className="border-b border-slate-300 align-top">
              <td className="py-2 pr-3">
                <Link href={`/admin/services/${s.id}`}>{s.name}</Link>
              </td>
              <td className="py-2 pr-3 font-mono text-sm break-all">{s.clientId}</td>
              <td className="py-2 pr-3">
                {t(`kind.${s.kind}`)}
                {s.kind === "confidential" && (
                  <span className="block text-sm text-slate-700">{s.tokenEndpointAuthMethod}</span>
                )}
              </td>
              <td className="py-2 pr-3">{s.firstParty ? t("yes") : t("no")}</td>
              <td className="py-2 text-sm break-all">
                <ul>
                  {s.redirectUris.map((uri) => (
                    <li key={uri}>{uri}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </>
  );
}
