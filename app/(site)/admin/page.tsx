import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Alert } from "@/app/ui/alert";
import { SearchForm } from "@/app/ui/search-form";
import { SelectField } from "@/app/ui/select-field";
import { loadUsersPage, USER_SORTS, USER_STATUSES } from "@/lib/flows/admin/user-search";
import { getDb } from "@/lib/db/client";
import { formatAdminTime } from "./format";
import { adminScope } from "./scope";
import { AdminTable } from "./admin-table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.users"))("metaTitle") };
}

type Search = { q?: string; status?: string; sort?: string; dir?: string; page?: string };

/** The user list: a GET form (works without JavaScript, bookmarkable), a table, and pages. */
export default async function UsersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { scope, current } = await adminScope("/admin");
  const params = await searchParams;
  const [t, locale] = await Promise.all([getTranslations("admin"), getLocale()]);
  const result = await loadUsersPage(await getDb(), scope, params);
  const { query, failed } = result;
  const pageHref = (page: number) => {
    const sp = new URLSearchParams();
    if (query.q) sp.set("q", query.q);
    if (query.status) sp.set("status", query.status);
    if (query.sort !== "name") sp.set("sort", query.sort);
    if (query.dir !== "asc") sp.set("dir", query.dir);
    if (page > 1) sp.set("page", String(page));
    const s = sp.toString();
    return s ? `/admin?${s}` : "/admin";
  };
  return (
    <>
      <h1 className="mb-4 text-3xl font-bold">{t("users.title")}</h1>
      {failed.count > 0 && (
        <Alert variant="warning" as="section" aria-labelledby="failed-heading">
          <h2 id="failed-heading" className="mb-2 text-xl font-bold">
            {t("users.failedMessages.heading", { count: failed.count })}
          </h2>
          <p className="mb-2">{t("users.failedMessages.intro")}</p>
          <ul className="list-disc pl-6">
            {failed.people.map((p) => (
              <li key={p.userId}>
                <Link href={`/admin/users/${p.userId}#messages-heading`}>{p.name || t("users.noName")}</Link> (
                {t("users.failedMessages.perPerson", { count: p.messages })})
              </li>
            ))}
          </ul>
          {failed.more && <p className="mt-2">{t("users.failedMessages.more")}</p>}
        </Alert>
      )}
      <SearchForm
        action="/admin"
        search={{ id: "q", label: t("users.searchLabel"), hint: t("users.searchHint"), defaultValue: query.q }}
        submitLabel={t("users.submit")}
      >
        <SelectField id="status" label={t("users.statusLabel")} defaultValue={query.status ?? ""} fieldClassName="">
          <option value="">{t("users.statusAll")}</option>
          {USER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </SelectField>
        <div className="grid grid-cols-2 gap-2">
          <SelectField id="sort" label={t("users.sortLabel")} defaultValue={query.sort} fieldClassName="">
            {USER_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`users.sort.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField id="dir" label={t("users.dirLabel")} defaultValue={query.dir} fieldClassName="">
            <option value="asc">{t("users.dir.asc")}</option>
            <option value="desc">{t("users.dir.desc")}</option>
          </SelectField>
        </div>
      </SearchForm>

      <p role="status" className="mb-2 font-semibold">
        {t("users.count", { total: result.total })}
      </p>
      {result.rows.length > 0 && (
        <AdminTable
          labelledBy="users-caption"
          caption={t("users.caption", {
            organization: current.organization.name,
            page: query.page,
            pages: result.pages,
          })}
          columns={[
            t("users.columns.name"),
            t("users.columns.identifier"),
            t("users.columns.email"),
            t("users.columns.status"),
            t("users.columns.lastLogin"),
          ]}
        >
          {result.rows.map((r) => (
            <tr key={r.id} className="border-b border-slate-300 align-top">
              <td className="py-2 pr-3">
                <Link href={`/admin/users/${r.id}`}>{r.displayName || t("users.noName")}</Link>
                {r.role === "admin" && <span className="block text-sm text-slate-700">{t("role.admin")}</span>}
              </td>
              <td className="py-2 pr-3 break-all">{r.username ?? r.membershipNumber}</td>
              <td className="py-2 pr-3 break-all">{r.email}</td>
              <td className="py-2 pr-3">{t(`status.${r.shownStatus}`)}</td>
              <td className="py-2">{r.lastLoginAt ? formatAdminTime(r.lastLoginAt, locale) : t("users.never")}</td>
            </tr>
          ))}
        </AdminTable>
      )}
      {result.pages > 1 && (
        <nav aria-label={t("users.pagination")} className="mt-4 flex flex-wrap items-center gap-4">
          {query.page > 1 && <Link href={pageHref(query.page - 1)}>{t("users.previous")}</Link>}
          <span>{t("users.pageOf", { page: query.page, pages: result.pages })}</span>
          {query.page < result.pages && <Link href={pageHref(query.page + 1)}>{t("users.next")}</Link>}
        </nav>
      )}
    </>
  );
}
