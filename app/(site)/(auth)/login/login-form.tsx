"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { CurrentPasswordField } from "@/app/ui/current-password-field";
import { ErrorSummary } from "@/app/ui/error-summary";
import { SubmitButton } from "@/app/ui/submit-button";
import { TextField } from "@/app/ui/text-field";
import { IDENTIFIER_MAX } from "@/lib/validation/limits";
import { login } from "./actions";
import type { LoginFormState } from "./schema";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("login");
  const tc = useTranslations("common");
  const [state, action] = useActionState<LoginFormState, FormData>(login, {});
  const fieldErrors = {
    identifier: state.errors?.identifier && t(state.errors.identifier),
    password: state.errors?.password && t(state.errors.password),
  };
  return (
    <form action={action} noValidate>
      <ErrorSummary
        title={tc("errorSummaryTitle")}
        errors={fieldErrors}
        formError={state.errors?.form && t(state.errors.form)}
      />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField
        id="identifier"
        label={t("identifierLabel")}
        hint={t("identifierHint")}
        error={fieldErrors.identifier}
        defaultValue={state.identifier}
        key={`identifier-${state.identifier ?? ""}`}
        autoComplete="username"
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        required
        maxLength={IDENTIFIER_MAX}
      />
      <CurrentPasswordField id="password" label={t("passwordLabel")} error={fieldErrors.password} required />
      <SubmitButton pendingLabel={tc("working")}>{t("submit")}</SubmitButton>
    </form>
  );
}
