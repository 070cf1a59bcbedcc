"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { CurrentPasswordField } from "@/app/ui/current-password-field";
import { ErrorSummary } from "@/app/ui/error-summary";
import { SubmitButton } from "@/app/ui/submit-button";
import { TextField } from "@/app/ui/text-field";
import { IDENTIFIER_MAX } from "@/lib/validation/limits";
import { loginAction } from "./actions";
import type { LoginState } from "./schema";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations();
  const [state, action] = useActionState<LoginState, FormData>(loginAction, {});
  const msg = (key?: string) => (key ? t(key) : undefined);
  const errors = { identifier: msg(state.errors?.identifier), password: msg(state.errors?.password) };
  const identifier = state.values?.identifier;
  return (
    <form action={action} noValidate>
      <ErrorSummary title={t("common.errorSummaryTitle")} errors={errors} formError={msg(state.errors?.form)} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField
        id="identifier"
        label={t("login.identifierLabel")}
        hint={t("login.identifierHint")}
        error={errors.identifier}
        defaultValue={identifier}
        key={`identifier-${identifier ?? ""}`}
        autoComplete="username"
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        required
        maxLength={IDENTIFIER_MAX}
      />
      <CurrentPasswordField id="password" label={t("login.passwordLabel")} error={errors.password} required />
      <SubmitButton pendingLabel={t("common.working")}>{t("login.submit")}</SubmitButton>
    </form>
  );
}
