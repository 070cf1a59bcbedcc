"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Alert } from "@/app/ui/alert";
import { Notice } from "@/app/ui/notice";
import { SubmitButton } from "@/app/ui/submit-button";
import { SecretPanel } from "../secret-panel";
import type { RotateSecretState } from "./actions";

/**
 * The confirmed "new secret". The answer carries the secret, shown here on that one response;
 * a reload shows the page without it.
 */
export function RotateSecretForm({
  action,
  serviceId,
  name,
}: {
  action: (prev: RotateSecretState) => Promise<RotateSecretState>;
  serviceId: string;
  name: string;
}) {
  const root = useTranslations();
  const t = useTranslations("admin.services");
  const common = useTranslations("common");
  const [state, formAction] = useActionState<RotateSecretState, FormData>(action, {});
  if (state.secret)
    return (
      <>
        <Notice>{t("rotated")}</Notice>
        <SecretPanel secret={state.secret} />
        <p>
          <Link href={`/admin/services/${serviceId}`}>{t("service.reload")}</Link>
        </p>
      </>
    );
  return (
    <Alert variant="info" as="section" id="confirm" aria-labelledby="confirm-heading">
      <h2 id="confirm-heading" className="mb-2 text-xl font-bold">
        {t("confirm.heading")}
      </h2>
      <p className="mb-4">{t("confirm.rotate", { name })}</p>
      {state.errors?.form && <p className="mb-4 font-semibold text-red-900">{root(state.errors.form)}</p>}
      <div className="flex flex-wrap items-center gap-4">
        <form action={formAction}>
          <SubmitButton pendingLabel={common("working")}>{t("confirm.rotateYes")}</SubmitButton>
        </form>
        <Link href={`/admin/services/${serviceId}`}>{t("confirm.cancel")}</Link>
      </div>
    </Alert>
  );
}
