"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary } from "@/app/ui/error-summary";
import { SubmitButton } from "@/app/ui/submit-button";
import { TextField } from "@/app/ui/text-field";
import { CODE_INPUT_MAX } from "@/lib/validation/limits";
import type { ContactState } from "./contact-state";

type Props = {
  channel: "email" | "phone";
  target: string;
  confirm: (state: ContactState, formData: FormData) => Promise<ContactState>;
  cancel: (formData: FormData) => Promise<void>;
  hidden: Record<string, string>;
};

/** "We sent a code to …": the code field, and a way back. */
export function ConfirmCodeForm({ channel, target, confirm, cancel, hidden }: Props) {
  const t = useTranslations();
  const [state, formAction] = useActionState(confirm, {});
  const id = `${channel}-code`;
  const error = state.errors?.code && t(state.errors.code, state.params);
  const fields = Object.entries({ ...hidden, channel });
  return (
    <div className="mt-3">
      <p className="mb-4" role="status">
        {t(channel === "email" ? "contact.codeSentEmail" : "contact.codeSentPhone", { target })}
      </p>
      <form action={formAction} noValidate>
        <ErrorSummary title={t("common.errorSummaryTitle")} errors={{ [id]: error }} />
        {fields.map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <TextField
          id={id}
          name="code"
          label={t("contact.codeLabel")}
          hint={t("contact.codeHint")}
          error={error}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={CODE_INPUT_MAX}
          className="max-w-40"
          required
        />
        <SubmitButton pendingLabel={t("common.working")}>{t("contact.confirm")}</SubmitButton>
      </form>
      <form action={cancel} className="mt-3">
        {fields.map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <button type="submit" className="text-brand-700 underline underline-offset-2 hover:text-brand-800">
          {t("contact.cancel")}
        </button>
      </form>
    </div>
  );
}
