import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/lib/db/client";
import { isMailboxAvailable, listMailbox } from "@/lib/messages/mailbox";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("devOutbox"))("metaTitle") };
}

/** Every message the app "sent" while capturing, newest first: a mailbox for development and demos. */
export default async function DevOutboxPage() {
  if (!isMailboxAvailable()) notFound();
  const [t, format, messages] = await Promise.all([
    getTranslations("devOutbox"),
    getFormatter(),
    listMailbox(await getDb()),
  ]);
  return (
    <>
      <h1 className="mb-2 text-3xl font-bold">{t("title")}</h1>
      <p className="mb-6">{t("intro")}</p>
      {messages.length === 0 && <p>{t("empty")}</p>}
      <ol className="space-y-6">
        {messages.map((m) => (
          <li key={m.id}>
            <article aria-labelledby={`m-${m.id}`} className="rounded border border-slate-300 bg-white p-4">
              <h2 id={`m-${m.id}`} className="mb-2 text-lg font-semibold break-words">
                {m.subject ?? t(m.channel === "sms" ? "sms" : "notRendered")}
              </h2>
              <dl className="mb-3 grid grid-cols-[auto_1fr] gap-x-4 text-sm">
                <dt className="font-semibold">{t("channel")}</dt>
                <dd>{t(m.channel === "sms" ? "channelSms" : "channelEmail")}</dd>
                <dt className="font-semibold">{t("to")}</dt>
                <dd className="break-all">{m.to}</dd>
                <dt className="font-semibold">{t("time")}</dt>
                <dd>
                  {format.dateTime(new Date(m.createdAt), {
                    dateStyle: "short",
                    timeStyle: "medium",
                    timeZone: "Europe/Helsinki",
                  })}
                </dd>
                <dt className="font-semibold">{t("status")}</dt>
                <dd>{t(`statuses.${m.status}`)}</dd>
                <dt className="font-semibold">{t("template")}</dt>
                <dd>{m.template}</dd>
              </dl>
              {m.html && (
                <iframe
                  src={`/dev/outbox/message/${m.id}`}
                  title={t("preview", { subject: m.subject ?? m.template })}
                  sandbox=""
                  className="mb-3 h-96 w-full rounded border border-slate-300"
                />
              )}
              {m.text && (
                <details open={m.channel === "sms"}>
                  <summary className="cursor-pointer font-semibold">{t("text")}</summary>
                  <pre className="mt-2 text-sm break-words whitespace-pre-wrap">{m.text}</pre>
                </details>
              )}
            </article>
          </li>
        ))}
      </ol>
    </>
  );
}
