"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState } from "react";
import { buttonClass } from "@/app/ui/button";
import { CurrentPasswordField } from "@/app/ui/current-password-field";
import { ErrorSummary } from "@/app/ui/error-summary";
import { SubmitButton } from "@/app/ui/submit-button";
import { TextField } from "@/app/ui/text-field";
import { EMAIL_MAX, PHONE_MAX } from "@/lib/validation/limits";
import type { ContactState } from "./contact-state";

type Props = {
  channel: "email" | "phone";
  /** The pencil button's words: "Change the e-mail address", "Add a phone number". */
  toggleLabel: string;
  action: (state: ContactState, formData: FormData) => Promise<ContactState>;
  hidden: Record<string, string>;
  /** On the account page after 10 minutes: the current password confirms the change. */
  needsPassword?: boolean;
};

/** "Suomi, Ruotsi, …": country codes named in the page's language. */
function countryNames(codes: string[], locale: string): string {
  const names = new Intl.DisplayNames([locale], { type: "region" });
  return codes.map((code) => names.of(code) ?? code).join(", ");
}

/**
 * Behind the pencil (a <details> toggle, so it opens without JavaScript too): the new address or
 * number. The server sends a code to it and the page then asks for the code. A refused submit
 * comes back open, with its error.
 */
export function RequestCodeForm({ channel, toggleLabel, action, hidden, needsPassword }: Props) {
  const t = useTranslations();
  const [state, formAction] = useActionState(action, {});
  const id = `${channel}-new`;
  const passwordId = `${channel}-password`;
  const locale = useLocale();
  const message = (key: string | undefined) =>
    key &&
    t(key, {
      ...state.params,
      ...(state.countries ? { countries: countryNames(state.countries, locale) } : {}),
    });
  const error = message(state.errors?.value);
  const passwordError = message(state.errors?.currentPassword);
  return (
    <details open={Boolean(error || passwordError) || undefined}>
      <summary className={`${buttonClass()} inline-flex cursor-pointer items-center gap-2`}>
        <span aria-hidden="true">✎</span>
        {toggleLabel}
      </summary>
      <form action={formAction} noValidate className="mt-3">
        <ErrorSummary title={t("common.errorSummaryTitle")} errors={{ [id]: error, [passwordId]: passwordError }} />
        {Object.entries({ ...hidden, channel }).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <TextField
          id={id}
          name="value"
          type={channel === "email" ? "email" : "tel"}
          label={t(channel === "email" ? "contact.newEmail" : "contact.newPhone")}
          hint={t(channel === "email" ? "contact.newEmailHint" : "contact.newPhoneHint")}
          error={error}
          defaultValue={state.values?.value}
          key={state.values?.value}
          autoComplete={channel === "email" ? "email" : "tel"}
          inputMode={channel === "email" ? "email" : "tel"}
          maxLength={channel === "email" ? EMAIL_MAX : PHONE_MAX}
          required
        />
        {needsPassword && (
          <CurrentPasswordField
            id={passwordId}
            name="currentPassword"
            label={t("contact.currentPassword")}
            hint={t("contact.currentPasswordHint")}
            error={passwordError}
            required
          />
        )}
        <SubmitButton pendingLabel={t("common.working")}>{t("contact.sendCode")}</SubmitButton>
      </form>
    </details>
  );
}
