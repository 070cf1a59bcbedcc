"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary } from "@/app/ui/error-summary";
import { Notice } from "@/app/ui/notice";
import { SubmitButton } from "@/app/ui/submit-button";
import { TextField } from "@/app/ui/text-field";
import { CONTACT_MAX } from "@/lib/validation/limits";
import { forgotUsernameAction } from "./actions";
import type { ForgotUsernameState } from "./schema";

export function ForgotUsernameForm() {
  const t = useTranslations();
  const [state, action] = useActionState<ForgotUsernameState, FormData>(forgotUsernameAction, {});
  const error = state.errors?.contact && t(state.errors.contact);
  return (
    <>
      {state.sent && <Notice>{t("recovery.usernameSent")}</Notice>}
      <form action={action} noValidate>
        <ErrorSummary title={t("common.errorSummaryTitle")} errors={{ contact: error }} />
        <TextField
          id="contact"
          label={t("recovery.contactLabel")}
          hint={t("recovery.contactHint")}
          error={error}
          defaultValue={state.values?.contact}
          key={state.values?.contact}
          autoComplete="email"
          maxLength={CONTACT_MAX}
          required
        />
        <SubmitButton pendingLabel={t("common.working")}>{t("recovery.send")}</SubmitButton>
      </form>
      <p className="mt-6">{t("recovery.spamNote")}</p>
    </>
  );
}
