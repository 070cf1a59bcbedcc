"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary } from "@/app/ui/error-summary";
import { NewPasswordFields } from "@/app/ui/new-password-fields";
import { SubmitButton } from "@/app/ui/submit-button";
import { resetPassword, type ResetPasswordState } from "./actions";

export function ResetPasswordForm({
  token,
  identifier,
  minLength,
}: {
  token: string;
  identifier: string;
  minLength: number;
}) {
  const t = useTranslations();
  const [state, action] = useActionState<ResetPasswordState, FormData>(resetPassword, {});
  const error = state.error && !state.linkInvalid ? t(state.error, state.params) : undefined;
  return (
    <form action={action} noValidate>
      <ErrorSummary
        title={t("common.errorSummaryTitle")}
        errors={{ password: error }}
        formError={state.linkInvalid ? t("recovery.errors.linkInvalid") : undefined}
      />
      <input type="hidden" name="token" value={token} />
      <input type="text" name="username" value={identifier} autoComplete="username" readOnly hidden />
      <NewPasswordFields
        minLength={minLength}
        label={t("recovery.newPasswordLabel")}
        error={error}
        showLabel={t("recovery.showPassword")}
      />
      <SubmitButton pendingLabel={t("common.working")}>{t("recovery.changePassword")}</SubmitButton>
    </form>
  );
}
