import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Alert } from "@/app/ui/alert";
import { Button, buttonClass } from "@/app/ui/button";
import { Notice } from "@/app/ui/notice";
import { RECOVERY_CODE_FAILURE_CAP } from "@/lib/tokens/code-check";
import { getDb } from "@/lib/db/client";
import { loadAdminUserPage } from "@/lib/flows/admin/user-detail";
import { eventKey, formatAdminTime } from "../../format";
import { adminScope } from "../../scope";
import { confirmUserAction, resendMessageAction } from "./actions";
import { AdminTable } from "../../admin-table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.user"))("metaTitle") };
}

type Search = { confirm?: string; message?: string; done?: string; failed?: string; created?: string };

/**
 * A user's page. Each action is two steps that work without JavaScript: its link opens a
 * confirmation here (`?confirm=lock`), whose button posts the action.
 */
export default async function AdminUserPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Search>;
}) {
  const { id } = await params;
  const { scope } = await adminScope(`/admin/users/${id}`);
  const search = await searchParams;
  const detail = await loadAdminUserPage(await getDb(), scope, id, search);
  if (!detail) notFound();
  const [t, locale] = await Promise.all([getTranslations("admin"), getLocale()]);
  const { user, confirmation } = detail;
  const name = user.displayName || detail.identifier;
  const time = (d: Date | null) => (d ? formatAdminTime(d, locale) : "");
  const verified = (at: Date | null) => (at ? t("user.verified") : t("user.notVerified"));
  const rows: [string, React.ReactNode][] = [
    [t("user.identifier"), detail.identifier],
    [t("user.name"), user.displayName || t("user.none")],
    [t("user.email"), user.email ? `${user.email} (${verified(user.emailVerifiedAt)})` : t("user.none")],
    [t("user.phone"), user.phone ? `${user.phone} (${verified(user.phoneVerifiedAt)})` : t("user.none")],
    [t("user.status"), t(`status.${user.status}`)],
    [t("user.role"), t(`role.${user.role}`)],
    [t("user.language"), { fi: "Suomi", sv: "Svenska", en: "English" }[user.language]],
    [t("user.lastLogin"), user.lastLoginAt ? time(user.lastLoginAt) : t("users.never")],
    [t("user.created"), time(user.createdAt)],
    [t("user.sessions"), String(detail.activeSessions)],
  ];
  return (
    <>
      <p className="mb-4">
        <Link href="/admin">{t("user.back")}</Link>
      </p>
      <h1 className="mb-4 text-3xl font-bold break-words">{name}</h1>
      {detail.created && <Notice>{t("create.created", { identifier: detail.identifier })}</Notice>}
      {detail.done && <Notice>{t(`done.${detail.done}`)}</Notice>}
      {detail.failed && <Alert variant="error">{t(`failed.${detail.failed}`)}</Alert>}
      {confirmation && (
        <Alert variant="info" as="section" id="confirm" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading" className="mb-2 text-xl font-bold">
            {t("confirm.heading")}
          </h2>
          <p className="mb-4">
            {t(
              confirmation.kind === "resendMessage" && confirmation.fresh
                ? "confirm.resendMessageFresh"
                : `confirm.${confirmation.action}`,
              { name },
            )}
          </p>
          <div className="flex flex-wrap items-center gap-4">
            <form
              action={
                confirmation.kind === "resendMessage"
                  ? resendMessageAction.bind(null, user.id, confirmation.messageId)
                  : confirmUserAction.bind(null, user.id, confirmation.action)
              }
            >
              <Button variant="primary">
                {t("confirm.yes")}: {t(`actions.${confirmation.action}`)}
              </Button>
            </form>
            <Link href={`/admin/users/${user.id}`}>{t("confirm.cancel")}</Link>
          </div>
        </Alert>
      )}
      {detail.signInLockedAfterFailures ? (
        <p className="mb-4 font-semibold">
          {t("user.lockedAfterFailures", { failures: detail.user.failedLoginCount })}
        </p>
      ) : (
        detail.signInDelayedUntil && (
          <p className="mb-4 font-semibold">{t("user.delayedUntil", { time: time(detail.signInDelayedUntil) })}</p>
        )
      )}
      {detail.codeRecoveryPaused && (
        <p className="mb-4 font-semibold">{t("user.codeRecoveryPaused", { count: RECOVERY_CODE_FAILURE_CAP })}</p>
      )}

      <h2 className="mb-2 text-xl font-bold">{t("user.details")}</h2>
      <dl className="mb-8 divide-y divide-slate-300 rounded border border-slate-300 bg-white">
        {rows.map(([term, value]) => (
          <div key={term} className="grid gap-1 px-4 py-2 sm:grid-cols-3">
            <dt className="font-semibold">{term}</dt>
            <dd className="break-words sm:col-span-2">{value}</dd>
          </div>
        ))}
      </dl>

      <h2 className="mb-2 text-xl font-bold">{t("user.actionsHeading")}</h2>
      <ul className="mb-8 flex flex-wrap gap-3">
        {/* The flow decides what is offered, the administrator's own account included. */}
        {detail.actions.map((a) => (
          <li key={a}>
            <Link href={`/admin/users/${user.id}?confirm=${a}#confirm`} className={`${buttonClass()} no-underline`}>
              {t(`actions.${a}`)}
            </Link>
          </li>
        ))}
      </ul>

      <h2 id="messages-heading" className="mb-2 text-xl font-bold">
        {t("user.messagesHeading")}
      </h2>
      {detail.messages.length === 0 ? (
        <p className="mb-8">{t("user.messagesEmpty")}</p>
      ) : (
        <AdminTable
          labelledBy="messages-heading"
          className="mb-8"
          columns={[
            t("user.messageColumns.time"),
            t("user.messageColumns.message"),
            t("user.messageColumns.to"),
            t("user.messageColumns.status"),
          ]}
        >
          {detail.messages.map((m) => (
            <tr key={m.id} className="border-b border-slate-300 align-top">
              <td className="py-2 pr-3">{time(m.createdAt)}</td>
              <td className="py-2 pr-3">
                {t.has(`templates.${m.template}`) ? t(`templates.${m.template}` as never) : m.template}
              </td>
              <td className="py-2 pr-3 break-all">{m.recipient}</td>
              <td className="py-2">
                {t(`user.messageStatus.${m.status}`)}
                {m.status === "failed" && m.replacedBy && (
                  <span className="block text-sm">{t("user.messageReplaced")}</span>
                )}
                {m.resend === "askForNewCode" && (
                  <span className="block text-sm">{t("user.messageCodeNotResent")}</span>
                )}
                {m.resend && m.resend !== "askForNewCode" && (
                  <>
                    {" "}
                    <Link href={`/admin/users/${user.id}?confirm=resendMessage&message=${m.id}#confirm`}>
                      {t("actions.resendMessage")}
                    </Link>
                  </>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}

      <h2 id="trail-heading" className="mb-2 text-xl font-bold">
        {t("user.trailHeading")}
      </h2>
      {detail.trail.length === 0 ? (
        <p>{t("user.trailEmpty")}</p>
      ) : (
        <AdminTable
          labelledBy="trail-heading"
          columns={[
            t("user.trailColumns.time"),
            t("user.trailColumns.event"),
            t("user.trailColumns.by"),
            t("user.trailColumns.ip"),
          ]}
        >
          {detail.trail.map((e) => (
            <tr key={e.id} className="border-b border-slate-300 align-top">
              <td className="py-2 pr-3">{time(e.createdAt)}</td>
              <td className="py-2 pr-3">
                {t.has(`events.${eventKey(e.event)}`) ? t(`events.${eventKey(e.event)}` as never) : e.event}
              </td>
              <td className="py-2 pr-3">{typeof e.by === "string" ? t(`user.${e.by}`) : e.by.name}</td>
              <td className="py-2">{e.ip}</td>
            </tr>
          ))}
        </AdminTable>
      )}
    </>
  );
}
