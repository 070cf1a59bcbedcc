import { getTranslations } from "next-intl/server";
type ProviderButton = { id: string; name: string };
import { signInWithProviderAction } from "./actions";

/** One plain form per configured provider: it works without JavaScript, like the password form. */
export async function ExternalSignIn({ providers, callbackUrl }: { providers: ProviderButton[]; callbackUrl: string }) {
  if (providers.length === 0) return null;
  const t = await getTranslations("external.login");
  return (
    <section aria-labelledby="external-sign-in" className="mt-8">
      <h2 id="external-sign-in" className="mb-1 text-lg font-semibold">
        {t("heading")}
      </h2>
      <p className="mb-3 text-slate-700">{t("hint")}</p>
      <ul className="space-y-2">
        {providers.map((p) => (
          <li key={p.id}>
            <form action={signInWithProviderAction}>
              <input type="hidden" name="provider" value={p.id} data-provider-name={p.name} />
              <input type="hidden" name="callbackUrl" value={callbackUrl} />
              <button
                type="submit"
                className="w-full rounded border-2 border-slate-700 bg-white px-4 py-2 text-left font-semibold text-slate-900 hover:bg-slate-100"
              >
                {t("button", { provider: p.name })}
              </button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}
