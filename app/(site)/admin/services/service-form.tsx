"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Alert } from "@/app/ui/alert";
import { ErrorSummary } from "@/app/ui/error-summary";
import { Notice } from "@/app/ui/notice";
import { SelectField } from "@/app/ui/select-field";
import { SubmitButton } from "@/app/ui/submit-button";
import { TextAreaField } from "@/app/ui/text-area-field";
import { TextField } from "@/app/ui/text-field";
import { CONFIDENTIAL_AUTH_METHODS, ID_TOKEN_ALGS } from "@/lib/flows/admin/service-input";
import { SERVICE_JWKS_MAX, SERVICE_NAME_MAX, SERVICE_URI_LIST_MAX, SERVICE_URI_MAX } from "@/lib/validation/limits";
import { CHOOSABLE_SCOPES, type ServiceFormField, type ServiceFormState, scopeField } from "./schema";
import { SecretPanel } from "./secret-panel";

type Values = Partial<Record<ServiceFormField, string>>;

const MESSAGE_FIELDS = [
  "name",
  "homeUrl",
  "redirectUris",
  "postLogoutRedirectUris",
  "backchannelLogoutUri",
  "kind",
  "authMethod",
  "jwks",
  "jwksUri",
  "scopes",
  "idTokenAlg",
] as const;

/**
 * A service's settings, for registering one (`/admin/services/new`) and for changing one (its
 * page). A plain form: without JavaScript every field is there, and what does not apply to the
 * chosen kind is ignored by the flow. A new secret comes back in the action's answer, once.
 */
export function ServiceForm({
  action,
  initial,
  mode,
  serviceId,
}: {
  action: (prev: ServiceFormState, formData: FormData) => Promise<ServiceFormState>;
  initial: Values;
  mode: "create" | "edit";
  serviceId?: string;
}) {
  const root = useTranslations();
  const t = useTranslations("admin.services");
  const common = useTranslations("common");
  const [state, formAction] = useActionState<ServiceFormState, FormData>(action, {});

  if (state.created)
    return (
      <>
        <Notice>{t("created.heading")}</Notice>
        {state.created.secret ? (
          <SecretPanel secret={state.created.secret} clientId={state.created.clientId} />
        ) : (
          <p className="mb-6">
            {t("created.publicClient")} <code className="font-mono break-all">{state.created.clientId}</code>
          </p>
        )}
        <p className="flex flex-wrap gap-x-6 gap-y-2">
          <Link href={`/admin/services/${state.created.id}`}>{t("created.toService")}</Link>
          <Link href="/admin/services">{t("created.toList")}</Link>
        </p>
      </>
    );
  if (state.secret)
    return (
      <>
        <Notice>{t("service.savedWithSecret")}</Notice>
        <SecretPanel secret={state.secret} />
        <p>
          <Link href={`/admin/services/${serviceId}`}>{t("service.reload")}</Link>
        </p>
      </>
    );

  const v = state.values ?? initial;
  const e = state.errors ?? {};
  const params = state.params ?? {};
  const message = (field: (typeof MESSAGE_FIELDS)[number]) => {
    const key = e[field];
    return key ? root(key, { line: params[`${field}Line`] ?? "" }) : undefined;
  };
  const errors = Object.fromEntries(MESSAGE_FIELDS.map((f) => [f, message(f)]));
  const on = (field: ServiceFormField) => v[field] === "on";
  // Re-mount the fields with the echoed values after a refused submit.
  const k = JSON.stringify(v);
  return (
    <form action={formAction} noValidate key={k}>
      <ErrorSummary title={common("errorSummaryTitle")} errors={errors} />
      <TextField
        id="name"
        label={t("form.name")}
        hint={t("form.nameHint")}
        error={errors.name}
        defaultValue={v.name}
        autoComplete="off"
        maxLength={SERVICE_NAME_MAX}
        required
      />
      <TextField
        id="homeUrl"
        type="url"
        label={t("form.homeUrl")}
        hint={t("form.homeUrlHint")}
        error={errors.homeUrl}
        defaultValue={v.homeUrl}
        autoComplete="off"
        inputMode="url"
        maxLength={SERVICE_URI_MAX}
      />
      <TextAreaField
        id="redirectUris"
        label={t("form.redirectUris")}
        hint={t("form.redirectUrisHint")}
        error={errors.redirectUris}
        defaultValue={v.redirectUris}
        rows={3}
        autoComplete="off"
        spellCheck={false}
        maxLength={SERVICE_URI_LIST_MAX}
        required
      />
      <TextAreaField
        id="postLogoutRedirectUris"
        label={t("form.postLogoutRedirectUris")}
        hint={t("form.postLogoutRedirectUrisHint")}
        error={errors.postLogoutRedirectUris}
        defaultValue={v.postLogoutRedirectUris}
        rows={2}
        autoComplete="off"
        spellCheck={false}
        maxLength={SERVICE_URI_LIST_MAX}
      />
      <TextField
        id="backchannelLogoutUri"
        type="url"
        label={t("form.backchannelLogoutUri")}
        hint={t("form.backchannelLogoutUriHint")}
        error={errors.backchannelLogoutUri}
        defaultValue={v.backchannelLogoutUri}
        autoComplete="off"
        inputMode="url"
        maxLength={SERVICE_URI_MAX}
      />

      <fieldset className="mb-5" aria-describedby={errors.kind ? "kind-error" : undefined}>
        <legend className="mb-1 font-semibold">{t("form.kind")}</legend>
        {errors.kind && (
          <p id="kind-error" className="mb-1 font-semibold text-red-800">
            {errors.kind}
          </p>
        )}
        {(["confidential", "public"] as const).map((kind, i) => (
          <div key={kind} className="mb-2 flex items-start gap-2">
            <input
              // The first choice carries the field's id: the error summary's link lands on it.
              id={i === 0 ? "kind" : `kind-${kind}`}
              name="kind"
              type="radio"
              value={kind}
              defaultChecked={v.kind === kind}
              className="mt-1 h-5 w-5 shrink-0"
            />
            <label htmlFor={i === 0 ? "kind" : `kind-${kind}`}>
              {t(kind === "public" ? "form.kindPublic" : "form.kindConfidential")}
            </label>
          </div>
        ))}
      </fieldset>

      <SelectField
        id="authMethod"
        label={t("form.authMethod")}
        hint={t("form.authMethodHint")}
        error={errors.authMethod}
        defaultValue={v.authMethod || "client_secret_basic"}
      >
        {CONFIDENTIAL_AUTH_METHODS.map((m) => (
          <option key={m} value={m}>
            {t(`form.authMethods.${m}`)}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        id="jwks"
        label={t("form.jwks")}
        hint={t("form.jwksHint")}
        error={errors.jwks}
        defaultValue={v.jwks}
        rows={4}
        autoComplete="off"
        spellCheck={false}
        maxLength={SERVICE_JWKS_MAX}
      />
      <TextField
        id="jwksUri"
        type="url"
        label={t("form.jwksUri")}
        hint={t("form.jwksUriHint")}
        error={errors.jwksUri}
        defaultValue={v.jwksUri}
        autoComplete="off"
        inputMode="url"
        maxLength={SERVICE_URI_MAX}
      />

      <fieldset
        id="scopes"
        tabIndex={-1}
        className="mb-5"
        aria-describedby={errors.scopes ? "scopes-hint scopes-error" : "scopes-hint"}
      >
        <legend className="mb-1 font-semibold">{t("form.scopes")}</legend>
        <p id="scopes-hint" className="mb-1 text-sm text-slate-700">
          {t("form.scopesHint")}
        </p>
        {errors.scopes && (
          <p id="scopes-error" className="mb-1 font-semibold text-red-800">
            {errors.scopes}
          </p>
        )}
        <div className="mb-2 flex items-start gap-2">
          <input id="scope_openid" type="checkbox" checked disabled className="mt-1 h-5 w-5 shrink-0" />
          <label htmlFor="scope_openid">{t("form.scopeNames.openid")}</label>
        </div>
        {CHOOSABLE_SCOPES.map((scope) => (
          <div key={scope} className="mb-2 flex items-start gap-2">
            <input
              id={scopeField(scope)}
              name={scopeField(scope)}
              type="checkbox"
              defaultChecked={on(scopeField(scope))}
              className="mt-1 h-5 w-5 shrink-0"
            />
            <label htmlFor={scopeField(scope)}>{t(`form.scopeNames.${scope}`)}</label>
          </div>
        ))}
      </fieldset>

      <div className="mb-5">
        <div className="flex items-start gap-2">
          <input
            id="firstParty"
            name="firstParty"
            type="checkbox"
            defaultChecked={on("firstParty")}
            aria-describedby="firstParty-hint"
            className="mt-1 h-5 w-5 shrink-0"
          />
          <label htmlFor="firstParty" className="font-semibold">
            {t("form.firstParty")}
          </label>
        </div>
        <p id="firstParty-hint" className="mt-1 ml-7 text-sm text-slate-700">
          {t("form.firstPartyHint")}
        </p>
      </div>

      <SelectField
        id="idTokenAlg"
        label={t("form.idTokenAlg")}
        hint={t("form.idTokenAlgHint")}
        error={errors.idTokenAlg}
        defaultValue={v.idTokenAlg || "RS256"}
        fullWidth={false}
      >
        {ID_TOKEN_ALGS.map((alg) => (
          <option key={alg} value={alg}>
            {alg}
          </option>
        ))}
      </SelectField>

      {e.form && <Alert variant="error">{root(e.form)}</Alert>}
      <SubmitButton pendingLabel={common("working")}>
        {mode === "create" ? t("form.submitCreate") : t("form.submitSave")}
      </SubmitButton>
    </form>
  );
}
