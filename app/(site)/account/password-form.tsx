"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { CurrentPasswordField } from "@/app/ui/current-password-field";
import { ErrorSummary } from "@/app/ui/error-summary";
import { NewPasswordFields } from "@/app/ui/new-password-fields";
import { Notice } from "@/app/ui/notice";
import { SubmitButton } from "@/app/ui/submit-button";
import { changePasswordAction, type PasswordChangeState } from "./actions";

/** "Vaihda salasana": the current password, the new one twice; refused submits come back with reasons. */
export function PasswordForm({ minLength, username }: { minLength: number; username: string }) {
  const t = useTranslations();
  const [state, action] = useActionState<PasswordChangeState, FormData>(changePasswordAction, {});
  const e = state.errors ?? {};
  const errors = {
    current: e.current && t(e.current),
    password: e.password && t(e.password, state.params),
    repeat: e.repeat && t(e.repeat),
  };
  // A fresh form after each answer: the fields never keep a password the server refused or took.
  const key = JSON.stringify(state);
  return (
    <>
      {state.done !== undefined && <Notice>{t("account.passwordChanged", { count: state.done })}</Notice>}
      <form key={key} action={action} noValidate>
        <ErrorSummary title={t("common.errorSummaryTitle")} errors={errors} />
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <CurrentPasswordField id="current" label={t("account.currentPassword")} error={errors.current} required />
        <NewPasswordFields
          minLength={minLength}
          label={t("account.newPassword")}
          error={errors.password}
          repeat={{ label: t("account.repeatPassword"), error: errors.repeat }}
        />
        <SubmitButton pendingLabel={t("common.working")}>{t("account.changePassword")}</SubmitButton>
      </form>
    </>
  );
}
