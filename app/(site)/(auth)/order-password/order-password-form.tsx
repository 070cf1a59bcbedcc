"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Alert } from "@/app/ui/alert";
import { ErrorSummary } from "@/app/ui/error-summary";
import { Notice } from "@/app/ui/notice";
import { SubmitButton } from "@/app/ui/submit-button";
import { TextField } from "@/app/ui/text-field";
import { EMAIL_MAX } from "@/lib/validation/limits";
import { orderPasswordAction } from "./actions";
import type { OrderPasswordState } from "./schema";

export function OrderPasswordForm() {
  const t = useTranslations();
  const [state, action] = useActionState<OrderPasswordState, FormData>(orderPasswordAction, {});
  const error = state.errors?.email && t(state.errors.email);
  return (
    <>
      {state.answer === "generic" && <Notice>{t("recovery.linkSentGeneric")}</Notice>}
      {state.answer === "sent" && <Notice>{t("recovery.linkSent")}</Notice>}
      {state.answer === "notFound" && (
        <Alert variant="error" as="div">
          <h2 className="mb-1 font-semibold text-red-900">{t("recovery.notFound")}</h2>
          <p className="text-red-900">{t("recovery.notFoundHelp", { contact: state.params?.contact ?? "" })}</p>
          {/* The form is one organisation's: members of others recover with their username. */}
          <p className="mt-2 text-red-900">
            {t("recovery.notFoundOtherOrganization", { organization: state.params?.organization ?? "" })}{" "}
            <Link href="/forgot-password" className="font-semibold text-red-900 underline">
              {t("recovery.forgotPasswordLink")}
            </Link>
          </p>
        </Alert>
      )}
      <form action={action} noValidate>
        <ErrorSummary title={t("common.errorSummaryTitle")} errors={{ email: error }} />
        <TextField
          id="email"
          type="email"
          label={t("recovery.emailLabel")}
          error={error}
          defaultValue={state.values?.email}
          key={state.values?.email}
          autoComplete="email"
          inputMode="email"
          maxLength={EMAIL_MAX}
          required
        />
        <SubmitButton pendingLabel={t("common.working")}>{t("recovery.orderPasswordSubmit")}</SubmitButton>
      </form>
      <p className="mt-6">{t("recovery.spamNote")}</p>
    </>
  );
}
