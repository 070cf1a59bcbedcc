import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Alert } from "@/app/ui/alert";
import { SearchForm } from "@/app/ui/search-form";
import { SelectField } from "@/app/ui/select-field";
import { TextField } from "@/app/ui/text-field";
import { getDb } from "@/lib/db/client";
import { searchAuditLog } from "@/lib/flows/admin/audit-log";
import { eventKey, formatAdminTime } from "../format";
import { adminScope } from "../scope";
import { AdminTable } from "../admin-table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.audit"))("metaTitle") };
}

type Search = { person?: string; event?: string; from?: string; to?: string; page?: string };

/** The organisation's audit log: a GET filter form and a table, newest first, 100 per page. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { scope } = await adminScope("/admin/audit");
  const params = await searchParams;
  const [t, events, locale] = await Promise.all([
    getTranslations("admin.audit"),
    getTranslations("admin.events"),
    getLocale(),
  ]);
  const result = await searchAuditLog(await getDb(), scope, params);
  const { query } = result;
  const eventName = (code: string) => (events.has(eventKey(code)) ? events(eventKey(code) as never) : code);
  const pageHref = (page: number) => {
    const sp = new URLSearchParams();
    for (const k of ["person", "event", "from", "to"] as const) if (query[k]) sp.set(k, query[k]!);
    if (page > 1) sp.set("page", String(page));
    return `/admin/audit${sp.size ? `?${sp}` : ""}`;
  };
  return (
    <>
      <h1 className="mb-4 text-3xl font-bold">{t("title")}</h1>
      {query.badDate && (
        <Alert variant="error" className="mb-4">
          {t("badDate")}
        </Alert>
      )}
      <SearchForm
        action="/admin/audit"
        search={{ id: "person", label: t("personLabel"), hint: t("personHint"), defaultValue: query.person }}
        submitLabel={t("submit")}
      >
        <SelectField id="event" label={t("eventLabel")} defaultValue={query.event} fieldClassName="sm:col-span-2">
          <option value="">{t("eventAll")}</option>
          {result.eventTypes.map((e) => (
            <option key={e} value={e}>
              {eventName(e)}
            </option>
          ))}
        </SelectField>
        {(["from", "to"] as const).map((k) => (
          <TextField
            key={k}
            id={k}
            type="date"
            label={t(`${k}Label`)}
            hint={t("dateHint")}
            defaultValue={query[k] ?? ""}
            fieldClassName=""
          />
        ))}
      </SearchForm>
      {result.rows.length === 0 ? (
        <p role="status">{t("empty")}</p>
      ) : (
        <AdminTable
          labelledBy="audit-caption"
          caption={t("caption")}
          columns={[t("columns.time"), t("columns.event"), t("columns.subject"), t("columns.actor"), t("columns.ip")]}
        >
          {result.rows.map((e) => (
            <tr key={e.id} className="border-b border-slate-300 align-top">
              <td className="py-2 pr-3">{formatAdminTime(e.createdAt, locale)}</td>
              <td className="py-2 pr-3">{eventName(e.event)}</td>
              <td className="py-2 pr-3">
                {e.subjectId ? (
                  <Link href={`/admin/users/${e.subjectId}`}>{e.subjectName || e.subjectIdentifier}</Link>
                ) : (
                  ""
                )}
              </td>
              <td className="py-2 pr-3">{e.actorName || e.actorIdentifier || ""}</td>
              <td className="py-2 break-all">{e.ip}</td>
            </tr>
          ))}
        </AdminTable>
      )}
      {(query.page > 1 || result.hasMore) && (
        <nav aria-label={t("caption")} className="mt-4 flex gap-4">
          {query.page > 1 && <Link href={pageHref(query.page - 1)}>{t("previous")}</Link>}
          {result.hasMore && <Link href={pageHref(query.page + 1)}>{t("next")}</Link>}
        </nav>
      )}
    </>
  );
}
