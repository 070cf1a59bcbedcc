import { getLocale, getTranslations } from "next-intl/server";
import type { ConnectedService, OrganisationService } from "@/lib/flows/account/services";
import { type ConnectedServiceItem, ConnectedServices } from "./connected-services";
import { formatTime } from "./format-time";

/** The scopes whose data a person would recognise, in the order the list names them (openid is only the `sub`). */
const SHOWN_SCOPES = ["profile", "email", "phone", "membership", "offline_access"] as const;

/**
 * "Palvelut, joihin olet kirjautunut": the services the person has signed in to with Tunnus, when
 * last, what each gets, and "Peru pääsy".
 */
export async function ConnectedServicesSection({ services }: { services: ConnectedService[] }) {
  const [t, locale] = await Promise.all([getTranslations("accountServices"), getLocale()]);
  const list = new Intl.ListFormat(locale === "en" ? "en-GB" : locale, { type: "conjunction" });
  const items: ConnectedServiceItem[] = services.map((s) => {
    const shown = SHOWN_SCOPES.filter((scope) => s.scopes.includes(scope));
    return {
      clientRowId: s.clientRowId,
      name: s.name,
      lastUsed: formatTime(s.lastUsedAt, locale),
      receives: shown.length > 0 ? list.format(shown.map((scope) => t(`scopes.${scope}`))) : null,
    };
  });
  return (
    <section id="services" aria-labelledby="services-heading" className="mb-8 scroll-mt-4">
      <h2 id="services-heading" className="mb-1 text-xl font-semibold">
        {t("heading")}
      </h2>
      <p className="mb-3 text-slate-700">{t("intro")}</p>
      <ConnectedServices services={items} />
    </section>
  );
}

/**
 * The organisation's services with a front page, as links ("Siirry palveluun"): a member who came
 * to Tunnus first can go on from here, whether or not they have used the service before.
 */
export async function OrganisationServicesSection({ services }: { services: OrganisationService[] }) {
  const t = await getTranslations("accountServices");
  return (
    <section id="organisation-services" aria-labelledby="organisation-services-heading" className="mb-8 scroll-mt-4">
      <h2 id="organisation-services-heading" className="mb-1 text-xl font-semibold">
        {t("goHeading")}
      </h2>
      {services.length === 0 ? (
        <p className="text-slate-700">{t("goNone")}</p>
      ) : (
        <>
          <p className="mb-3 text-slate-700">{t("goIntro")}</p>
          <ul className="divide-y divide-slate-300 rounded border border-slate-300 bg-white">
            {services.map((s) => (
              <li key={s.clientRowId} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
                <span className="font-semibold">{s.name}</span>
                {/* The visible words first, then where: "Siirry palveluun: Jäsenpalvelu" for a screen reader. */}
                <a href={s.homeUrl} aria-label={`${t("go")}: ${s.name}`} className="font-semibold">
                  {t("go")}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
