"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary } from "@/app/ui/error-summary";
import { Notice } from "@/app/ui/notice";
import { SubmitButton } from "@/app/ui/submit-button";
import { TextField } from "@/app/ui/text-field";
import { PASSWORD_MAX } from "@/lib/validation/limits";
import { changePasswordAction, type PasswordFormState } from "./actions";

/** "Vaihda salasana": the current password, the new one twice; refused submits come back with reasons. */
export function PasswordForm({ minLength, username }: { minLength: number; username: string }) {
  const t = useTranslations();
  const [state, action] = useActionState<PasswordFormState, FormData>(changePasswordAction, {});
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
        <TextField
          id="current"
          type="password"
          label={t("account.currentPassword")}
          error={errors.current}
          autoComplete="current-password"
          maxLength={PASSWORD_MAX}
          required
        />
        <TextField
          id="password"
          type="password"
          label={t("account.newPassword")}
          hint={t("passwordPolicy.hint", { min: minLength })}
          error={errors.password}
          autoComplete="new-password"
          maxLength={PASSWORD_MAX}
          required
        />
        <TextField
          id="repeat"
          type="password"
          label={t("account.repeatPassword")}
          error={errors.repeat}
          autoComplete="new-password"
          maxLength={PASSWORD_MAX}
          required
        />
        <SubmitButton pendingLabel={t("common.working")}>{t("account.changePassword")}</SubmitButton>
      </form>
    </>
  );
}
