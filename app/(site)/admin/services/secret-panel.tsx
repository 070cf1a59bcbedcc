import { useTranslations } from "next-intl";
import { Alert } from "@/app/ui/alert";

/**
 * A new secret, on the one response that carries it: a warning to copy it now, and the secret in
 * a read-only field (selectable by keyboard, announced with its label). It is never shown again.
 */
export function SecretPanel({ secret, clientId }: { secret: string; clientId?: string }) {
  const t = useTranslations("admin.services");
  return (
    <Alert variant="warning" as="section" aria-labelledby="secret-heading" id="secret">
      <h2 id="secret-heading" className="mb-2 text-xl font-bold">
        {t("secret.heading")}
      </h2>
      <p className="mb-4">{t("secret.warning")}</p>
      {clientId && (
        <div className="mb-4">
          <label htmlFor="created-client-id" className="mb-1 block font-semibold">
            {t("columns.clientId")}
          </label>
          <input
            id="created-client-id"
            readOnly
            value={clientId}
            className="block w-full rounded border-2 border-slate-600 bg-white px-3 py-2 font-mono text-base"
          />
        </div>
      )}
      <label htmlFor="client-secret" className="mb-1 block font-semibold">
        {t("secret.label")}
      </label>
      <input
        id="client-secret"
        readOnly
        value={secret}
        autoComplete="off"
        spellCheck={false}
        className="block w-full rounded border-2 border-slate-600 bg-white px-3 py-2 font-mono text-base"
      />
    </Alert>
  );
}
