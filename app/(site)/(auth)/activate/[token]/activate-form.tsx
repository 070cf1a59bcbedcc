"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary } from "@/app/ui/error-summary";
import { NewPasswordFields } from "@/app/ui/new-password-fields";
import { SubmitButton } from "@/app/ui/submit-button";
import { activateAction } from "./actions";
import type { ActivateState } from "./schema";

export function ActivateForm({ token, minLength, username }: { token: string; minLength: number; username: string }) {
  const t = useTranslations();
  const [state, action] = useActionState<ActivateState, FormData>(activateAction, {});
  const errors = {
    password: state.errors?.password && t(state.errors.password, state.params),
    repeat: state.errors?.repeat && t(state.errors.repeat),
  };
  return (
    <form action={action} noValidate>
      <ErrorSummary
        title={t("common.errorSummaryTitle")}
        errors={errors}
        formError={state.errors?.form && t(state.errors.form)}
      />
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers store the new password with the right username. */}
      <input type="text" name="username" value={username} autoComplete="username" readOnly hidden />
      <NewPasswordFields
        minLength={minLength}
        label={t("activate.passwordLabel")}
        error={errors.password}
        repeat={{ label: t("activate.repeatLabel"), error: errors.repeat }}
      />
      <SubmitButton pendingLabel={t("common.working")}>{t("activate.submit")}</SubmitButton>
    </form>
  );
}
