import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Alert } from "@/app/ui/alert";
import { getDb } from "@/lib/db/client";
import { searchAuditLog } from "@/lib/flows/admin/audit-log";
import { SEARCH_MAX } from "@/lib/validation/limits";
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
  const input = "block w-full rounded border-2 border-slate-600 bg-white px-3 py-2 text-base";
  return (
    <>
      <h1 className="mb-4 text-3xl font-bold">{t("title")}</h1>
      {query.badDate && (
        <Alert variant="error" className="mb-4">
          {t("badDate")}
        </Alert>
      )}
      <form method="get" action="/admin/audit" role="search" className="mb-6 grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <label htmlFor="person" className="mb-1 block font-semibold">
            {t("personLabel")}
          </label>
          <p id="person-hint" className="mb-1 text-sm text-slate-700">
            {t("personHint")}
          </p>
          <input
            id="person"
            name="person"
            type="search"
            defaultValue={query.person}
            maxLength={SEARCH_MAX}
            aria-describedby="person-hint"
            className={input}
          />
        </div>
        <div className="sm:col-span-2">
          <label htmlFor="event" className="mb-1 block font-semibold">
            {t("eventLabel")}
          </label>
          <select id="event" name="event" defaultValue={query.event} className={input}>
            <option value="">{t("eventAll")}</option>
            {result.eventTypes.map((e) => (
              <option key={e} value={e}>
                {eventName(e)}
              </option>
            ))}
          </select>
        </div>
        {(["from", "to"] as const).map((k) => (
          <div key={k}>
            <label htmlFor={k} className="mb-1 block font-semibold">
              {t(`${k}Label`)}
            </label>
            <p id={`${k}-hint`} className="mb-1 text-sm text-slate-700">
              {t("dateHint")}
            </p>
            <input
              id={k}
              name={k}
              type="date"
              defaultValue={query[k] ?? ""}
              aria-describedby={`${k}-hint`}
              className={input}
            />
          </div>
        ))}
        <div className="sm:col-span-2">
          <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
            {t("submit")}
          </button>
        </div>
      </form>
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
