import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/app/ui/alert";
import { Notice } from "@/app/ui/notice";
import { SubmitButton } from "@/app/ui/submit-button";
import { getDb } from "@/lib/db/client";
import { loadImport, type PlannedRow } from "@/lib/flows/admin/member-import";
import { adminScope } from "../../scope";
import { applyImportAction } from "./actions";
import { AdminTable } from "../../admin-table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.importResult"))("metaTitle") };
}

/** The table shows errors and changes first; a 10 000-row file would be unreadable (and heavy) in full. */
const SHOWN = 500;
const ORDER: Record<PlannedRow["outcome"], number> = { error: 0, new: 1, changed: 2, unchanged: 3 };

type Search = { failed?: string; created?: string; changed?: string; skipped?: string; sent?: string };
const FAILED = ["alreadyApplied", "fileChanged", "notFound", "expired"] as const;

export default async function ImportResultPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Search>;
}) {
  const { id } = await params;
  const { scope } = await adminScope(`/admin/import/${id}`);
  const search = await searchParams;
  const found = await loadImport(await getDb(), scope, id);
  if (!found) notFound();
  const [t, common] = await Promise.all([getTranslations("admin.importResult"), getTranslations("common")]);
  const plan = found.plan;
  const count = (n?: string) => Math.max(0, Math.floor(Number(n) || 0));
  const sorted = plan?.ok ? [...plan.rows].sort((a, b) => ORDER[a.outcome] - ORDER[b.outcome] || a.line - b.line) : [];
  const shown = sorted.slice(0, SHOWN);
  const fieldName = (f: string) => t(`field.${f}` as never);
  const alert = (text: string) => <Alert variant="error">{text}</Alert>;
  const summary = found.summary as Record<"new" | "changed" | "unchanged" | "error", number>;
  return (
    <>
      <p className="mb-4">
        <Link href="/admin/import">{t("newImport")}</Link>
      </p>
      <h1 className="mb-4 text-3xl font-bold break-words">{t("title", { file: found.fileName })}</h1>
      {search.created !== undefined && (
        <Notice>
          {t("applied", {
            created: count(search.created),
            changed: count(search.changed),
            skipped: count(search.skipped),
            activationsSent: count(search.sent),
          })}
        </Notice>
      )}
      {search.failed &&
        (FAILED as readonly string[]).includes(search.failed) &&
        alert(
          t(
            search.failed === "notFound"
              ? "fileChanged"
              : (search.failed as Exclude<(typeof FAILED)[number], "notFound">),
          ),
        )}
      {found.status === "applied" ? (
        // The register's content is gone once applied; the counts are what is left to show.
        <>
          <p className="mb-2 text-lg font-semibold">{t("summary", summary)}</p>
          {search.created === undefined && <Notice>{t("alreadyApplied")}</Notice>}
          <p className="mb-2">{t("contentCleared")}</p>
        </>
      ) : found.expired ? (
        !search.failed && alert(t("expired"))
      ) : !plan?.ok ? (
        alert(t("fileChanged"))
      ) : (
        <>
          <p className="mb-2 text-lg font-semibold">{t("summary", plan.summary)}</p>
          {plan.ignoredColumns.length > 0 && (
            <p className="mb-2">{t("ignoredColumns", { columns: plan.ignoredColumns.join(", ") })}</p>
          )}
          {plan.summary.new + plan.summary.changed === 0 ? (
            <p className="my-4">{t("nothingToDo")}</p>
          ) : (
            <Alert variant="info" as="section" aria-labelledby="apply-heading" className="my-6">
              <h2 id="apply-heading" className="mb-2 text-xl font-bold">
                {t("applyHeading")}
              </h2>
              {plan.summary.error > 0 && <p className="mb-3">{t("errorsSkipped")}</p>}
              {plan.rows.some((r) => r.reinvite) && <p className="mb-3">{t("reinviteNote")}</p>}
              <form action={applyImportAction.bind(null, found.id)}>
                {(plan.summary.new > 0 || plan.rows.some((r) => r.reinvite)) && (
                  <div className="mb-4 flex items-center gap-2">
                    <input
                      id="sendActivations"
                      name="sendActivations"
                      type="checkbox"
                      defaultChecked
                      className="h-5 w-5"
                    />
                    <label htmlFor="sendActivations">{t("sendActivations")}</label>
                  </div>
                )}
                <SubmitButton pendingLabel={common("working")}>{t("apply")}</SubmitButton>
              </form>
            </Alert>
          )}

          {sorted.length > SHOWN && <p className="mb-2">{t("shown", { shown: SHOWN, total: sorted.length })}</p>}
          <AdminTable
            labelledBy="rows-caption"
            caption={t("caption")}
            captionClassName="mb-2 text-left text-xl font-bold"
            columns={[t("columns.line"), t("columns.identifier"), t("columns.outcome"), t("columns.details")]}
          >
            {shown.map((row) => (
              <tr key={row.line} className="border-b border-slate-300 align-top">
                <td className="py-2 pr-3">{row.line}</td>
                <td className="py-2 pr-3 break-all">{row.identifier}</td>
                <td className={`py-2 pr-3 ${row.outcome === "error" ? "font-semibold text-red-800" : ""}`}>
                  {t(`outcome.${row.outcome}`)}
                </td>
                <td className="py-2">
                  {row.problems.map((p) => (
                    <span key={`${p.field}${p.code}`} className="block">
                      {t.has(`problem.${p.code}`)
                        ? t(`problem.${p.code}` as "problem.invalid", { field: fieldName(p.field) })
                        : `${fieldName(p.field)}: ${p.code}`}
                    </span>
                  ))}
                  {row.changes.length > 0 && t("changes", { fields: row.changes.map(fieldName).join(", ") })}
                </td>
              </tr>
            ))}
          </AdminTable>
        </>
      )}
    </>
  );
}
