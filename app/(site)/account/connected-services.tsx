"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import { Alert } from "@/app/ui/alert";
import { Button } from "@/app/ui/button";
import { withdrawServiceAction } from "./actions";
import type { WithdrawServiceState } from "./schema";

/** A connected service as the list shows it: its times and what it gets already in the page's words. */
export type ConnectedServiceItem = { clientRowId: string; name: string; lastUsed: string; receives: string | null };

/**
 * The list of "Palvelut, joihin olet kirjautunut", each with "Peru pääsy". One answer for the whole
 * list, so the confirmation stays on the page after its service has left the list; with
 * JavaScript, focus moves to it (the button that had focus is gone).
 */
export function ConnectedServices({ services }: { services: ConnectedServiceItem[] }) {
  const t = useTranslations("accountServices");
  const tAll = useTranslations();
  const [state, action] = useActionState<WithdrawServiceState, FormData>(withdrawServiceAction, {});
  const message = useRef<HTMLElement>(null);
  const error = state.errors?.form ?? state.errors?.clientRowId;
  useEffect(() => {
    if (state.withdrawn !== undefined || state.errors) message.current?.focus();
  }, [state]);
  return (
    <>
      {state.withdrawn !== undefined && (
        <Alert variant="success" ref={message} tabIndex={-1}>
          {t("withdrawn", { name: state.withdrawn })}
        </Alert>
      )}
      {error && (
        <Alert variant="error" ref={message} tabIndex={-1} className="mb-4">
          {tAll(error)}
        </Alert>
      )}
      {services.length === 0 ? (
        <p className="rounded border border-slate-300 bg-white px-4 py-3">{t("none")}</p>
      ) : (
        <ul className="divide-y divide-slate-300 rounded border border-slate-300 bg-white">
          {services.map((s) => (
            <li key={s.clientRowId} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3">
              <div>
                <h3 className="font-semibold">{s.name}</h3>
                <p className="text-sm text-slate-700">
                  {t("lastUsed")}: {s.lastUsed}
                </p>
                {s.receives && <p className="text-sm text-slate-700">{t("receives", { list: s.receives })}</p>}
              </div>
              <form action={action}>
                <input type="hidden" name="clientRowId" value={s.clientRowId} />
                {/* The visible words first, then whose: "Peru pääsy: Jäsenpalvelu" for a screen reader. */}
                <Button aria-label={t("withdrawLabel", { name: s.name })}>{t("withdraw")}</Button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
