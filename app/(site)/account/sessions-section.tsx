import { getLocale, getTranslations } from "next-intl/server";
import { Button } from "@/app/ui/button";
import { externalProviderName } from "@/lib/auth/external-config";
import { env } from "@/lib/env";
import type { DeviceSession } from "@/lib/flows/account/sessions";
import { revokeSessionAction, signOutEverywhereAction } from "./actions";
import { formatTime } from "./format-time";

/** "Kirjautuneet laitteet": each session with its browser, system and times; this device marked. */
export async function SessionsSection({ sessions }: { sessions: DeviceSession[] }) {
  const [t, locale] = await Promise.all([getTranslations("account"), getLocale()]);
  return (
    <section id="sessions" aria-labelledby="sessions-heading" className="mb-8 scroll-mt-4">
      <h2 id="sessions-heading" className="mb-1 text-xl font-semibold">
        {t("sessionsHeading")}
      </h2>
      <p className="mb-3 text-slate-700">{t("sessionsIntro")}</p>
      <ul className="mb-4 divide-y divide-slate-300 rounded border border-slate-300 bg-white">
        {sessions.map((s) => {
          const device = [s.browser, s.system].filter(Boolean).join(", ") || t("unknownDevice");
          return (
            <li key={s.handle} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3">
              <div>
                <p className="font-semibold">
                  {device}
                  {s.current && (
                    <span className="ml-2 rounded bg-green-50 px-2 py-0.5 text-sm text-green-900 ring-1 ring-green-800">
                      {t("thisDevice")}
                    </span>
                  )}
                </p>
                <p className="text-sm text-slate-700">
                  {t("started")}: {formatTime(s.createdAt, locale)} · {t("lastSeen")}:{" "}
                  {formatTime(s.lastSeenAt, locale)}
                  {s.ip && (
                    <>
                      {" "}
                      · {t("ipAddress")}: {s.ip}
                    </>
                  )}{" "}
                  · {t("via")}: {s.method === "password" ? t("viaPassword") : externalProviderName(env(), s.method)}
                </p>
              </div>
              {!s.current && (
                <form action={revokeSessionAction}>
                  <input type="hidden" name="session" value={s.handle} />
                  <Button aria-label={t("signOutDeviceLabel", { device })}>{t("signOutDevice")}</Button>
                </form>
              )}
            </li>
          );
        })}
      </ul>
      <form action={signOutEverywhereAction}>
        <Button>{t("signOutEverywhere")}</Button>
      </form>
    </section>
  );
}
