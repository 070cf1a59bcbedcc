"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary } from "@/app/ui/error-summary";
import { NewPasswordFields } from "@/app/ui/new-password-fields";
import { SubmitButton } from "@/app/ui/submit-button";
import { resetPasswordAction } from "./actions";
import type { ResetPasswordState } from "./schema";

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
  const [state, action] = useActionState<ResetPasswordState, FormData>(resetPasswordAction, {});
  const error = state.errors?.password && t(state.errors.password, state.params);
  return (
    <form action={action} noValidate>
      <ErrorSummary
        title={t("common.errorSummaryTitle")}
        errors={{ password: error }}
        formError={state.errors?.form && t(state.errors.form)}
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
