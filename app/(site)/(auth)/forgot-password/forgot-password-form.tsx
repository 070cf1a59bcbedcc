"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary } from "@/app/ui/error-summary";
import { NewPasswordFields } from "@/app/ui/new-password-fields";
import { Notice } from "@/app/ui/notice";
import { SubmitButton } from "@/app/ui/submit-button";
import { TextField } from "@/app/ui/text-field";
import { CODE_INPUT_MAX, IDENTIFIER_MAX } from "@/lib/validation/limits";
import { requestResetCodeAction, resetWithCodeAction } from "./actions";
import type { RequestResetCodeState, ResetWithCodeState } from "./schema";

/**
 * Two steps on one page: the username and channel, then the code with the new password. Each
 * step's answer decides what shows, so it works the same as full page posts without JavaScript.
 */
export function ForgotPasswordForm() {
  const t = useTranslations();
  const [requested, request] = useActionState<RequestResetCodeState, FormData>(requestResetCodeAction, {});
  const [reset, submitReset] = useActionState<ResetWithCodeState, FormData>(resetWithCodeAction, {});
  // Step one's answer names the account only when the code went out; step two's always keeps it.
  const identifier = reset.values?.identifier ?? (requested.errors ? undefined : requested.values?.identifier);
  // Both steps' answers carry the organisation's minimum with the identifier.
  const minLength = reset.values?.identifier ? reset.minLength : requested.minLength;
  const msg = (key?: string, params?: Record<string, string | number>) => (key ? t(key, params) : undefined);

  if (identifier) {
    const errors = {
      code: msg(reset.errors?.code),
      password: msg(reset.errors?.password, reset.params),
      repeat: msg(reset.errors?.repeat),
    };
    return (
      <>
        <Notice>{t("recovery.codeSent")}</Notice>
        <form action={submitReset} noValidate>
          <ErrorSummary title={t("common.errorSummaryTitle")} errors={errors} formError={msg(reset.errors?.form)} />
          <input type="hidden" name="identifier" value={identifier} />
          <input type="text" name="username" value={identifier} autoComplete="username" readOnly hidden />
          <TextField
            id="code"
            label={t("recovery.codeLabel")}
            hint={t("recovery.codeHint")}
            error={errors.code}
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={CODE_INPUT_MAX}
            className="max-w-40"
            required
          />
          <NewPasswordFields
            minLength={minLength}
            label={t("recovery.newPasswordLabel")}
            error={errors.password}
            showLabel={t("recovery.showPassword")}
            repeat={{ label: t("recovery.repeatLabel"), error: errors.repeat }}
          />
          <SubmitButton pendingLabel={t("common.working")}>{t("recovery.changePassword")}</SubmitButton>
        </form>
        <p className="mt-6">
          <a href="/forgot-password">{t("recovery.startOver")}</a>
        </p>
      </>
    );
  }

  const errors = { identifier: msg(requested.errors?.identifier), "channel-email": msg(requested.errors?.channel) };
  return (
    <form action={request} noValidate>
      <ErrorSummary
        title={t("common.errorSummaryTitle")}
        errors={errors}
        formError={msg(requested.errors?.form, requested.params)}
      />
      <TextField
        id="identifier"
        defaultValue={requested.values?.identifier}
        key={requested.values?.identifier}
        label={t("recovery.identifierLabel")}
        hint={t("recovery.identifierHint")}
        error={errors.identifier}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={IDENTIFIER_MAX}
        required
      />
      <fieldset className="mb-5" aria-describedby={errors["channel-email"] ? "channel-error" : undefined}>
        <legend className="mb-1 font-semibold">{t("recovery.channelLegend")}</legend>
        {errors["channel-email"] && (
          <p id="channel-error" className="mb-1 font-semibold text-red-800">
            {errors["channel-email"]}
          </p>
        )}
        {(["email", "sms"] as const).map((channel) => (
          <div key={channel} className="flex items-center gap-2 py-1">
            <input
              id={`channel-${channel}`}
              type="radio"
              name="channel"
              value={channel}
              defaultChecked={(requested.values?.channel ?? "email") === channel}
              className="h-5 w-5"
            />
            <label htmlFor={`channel-${channel}`}>
              {t(channel === "email" ? "recovery.channelEmail" : "recovery.channelSms")}
            </label>
          </div>
        ))}
      </fieldset>
      <p className="mb-5">{t("recovery.spamNote")}</p>
      <SubmitButton pendingLabel={t("common.working")}>{t("recovery.send")}</SubmitButton>
    </form>
  );
}
