import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Alert } from "@/app/ui/alert";
import { describedBy, Field } from "@/app/ui/field";
import { getDb } from "@/lib/db/client";
import { recentImports } from "@/lib/flows/admin/member-import";
import { formatAdminTime } from "../format";
import { adminScope } from "../scope";
import { AdminTable } from "../admin-table";

const PROBLEMS = [
  "missingFile",
  "empty",
  "tooLarge",
  "notUtf8",
  "notCsv",
  "noIdentifierColumn",
  "noRows",
  "tooManyRows",
] as const;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.import"))("metaTitle") };
}

export default async function ImportPage({ searchParams }: { searchParams: Promise<{ problem?: string }> }) {
  const { scope } = await adminScope("/admin/import");
  const { problem } = await searchParams;
  const [t, r, common, locale] = await Promise.all([
    getTranslations("admin.import"),
    getTranslations("admin.importResult"),
    getTranslations("common"),
    getLocale(),
  ]);
  const error = PROBLEMS.find((p) => p === problem) ? t(`problems.${problem as (typeof PROBLEMS)[number]}`) : undefined;
  const recent = await recentImports(await getDb(), scope);
  return (
    <>
      <h1 className="mb-2 text-3xl font-bold">{t("title")}</h1>
      <p className="mb-4">{t("intro")}</p>
      <h2 className="mb-1 text-xl font-bold">{t("columnsHeading")}</h2>
      <p className="mb-6">{t("columnsHelp")}</p>
      {/* A plain POST to a route handler, so the size is checked before the upload is read. */}
      <form method="post" action="/admin/import/upload" encType="multipart/form-data" noValidate>
        {error && (
          <Alert variant="error" as="div">
            <h2 className="mb-2 font-semibold text-red-900">{common("errorSummaryTitle")}</h2>
            <p>
              <a href="#file" className="text-red-900">
                {error}
              </a>
            </p>
          </Alert>
        )}
        {/* Its own input: a file picker keeps its padding and border whatever the error. */}
        <Field id="file" label={t("fileLabel")} hint={t("fileHint")} error={error} className="mb-5">
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            {...describedBy("file", t("fileHint"), error)}
            className="block w-full rounded border-2 border-slate-600 bg-white p-2"
          />
        </Field>
        <button
          type="submit"
          className="w-full rounded bg-brand-700 px-4 py-3 text-base font-semibold text-white hover:bg-brand-800 sm:w-auto"
        >
          {t("submit")}
        </button>
      </form>
      <h2 id="recent-heading" className="mt-10 mb-2 text-xl font-bold">
        {t("recentHeading")}
      </h2>
      {recent.length === 0 ? (
        <p>{t("recentEmpty")}</p>
      ) : (
        <AdminTable
          labelledBy="recent-heading"
          columns={[
            t("recentColumns.time"),
            t("recentColumns.file"),
            t("recentColumns.result"),
            t("recentColumns.status"),
          ]}
        >
          {recent.map((i) => (
            <tr key={i.id} className="border-b border-slate-300 align-top">
              <td className="py-2 pr-3">{formatAdminTime(i.createdAt, locale)}</td>
              <td className="py-2 pr-3 break-all">
                <Link href={`/admin/import/${i.id}`}>{i.fileName}</Link>
              </td>
              <td className="py-2 pr-3">
                {r("summary", {
                  new: i.summary.new ?? 0,
                  changed: i.summary.changed ?? 0,
                  unchanged: i.summary.unchanged ?? 0,
                  error: i.summary.error ?? 0,
                })}
              </td>
              <td className="py-2">{t(`state.${i.status}`)}</td>
            </tr>
          ))}
        </AdminTable>
      )}
    </>
  );
}
