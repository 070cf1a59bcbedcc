"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary } from "@/app/ui/error-summary";
import { SelectField } from "@/app/ui/select-field";
import { SubmitButton } from "@/app/ui/submit-button";
import { TextField } from "@/app/ui/text-field";
import { EMAIL_MAX, NAME_MAX, PHONE_MAX, USERNAME_MAX } from "@/lib/validation/limits";
import { createUserAction, type CreateUserState } from "./actions";

type Props = { byNumber: boolean; licence: string; organization: string; defaultLanguage: string };

export function CreateUserForm({ byNumber, licence, organization, defaultLanguage }: Props) {
  const root = useTranslations();
  const t = useTranslations("admin.create");
  const common = useTranslations("common");
  const [state, action] = useActionState<CreateUserState, FormData>(createUserAction, {});
  const v = state.values ?? {};
  const e = state.errors ?? {};
  const message = (key: string | undefined) => key && root(key);
  const errors = {
    identifier: message(e.identifier),
    displayName: message(e.displayName),
    email: message(e.email),
    phone: message(e.phone),
    language: message(e.language),
  };
  // Re-mount the fields with the echoed values after a refused submit.
  const k = JSON.stringify(v);
  return (
    <form action={action} noValidate>
      <ErrorSummary title={common("errorSummaryTitle")} errors={errors} />
      <TextField
        key={`id${k}`}
        id="identifier"
        label={byNumber ? t("membershipLabel") : t("identifierLabel")}
        hint={t("identifierHint", { example: byNumber ? "12345" : `kayttaja@${licence}` })}
        error={errors.identifier}
        defaultValue={v.identifier}
        autoComplete="off"
        // A membership number too, though the server takes at most MEMBERSHIP_NUMBER_MAX (32) of those.
        maxLength={USERNAME_MAX}
        required
      />
      <TextField
        key={`n${k}`}
        id="displayName"
        label={t("nameLabel")}
        error={errors.displayName}
        defaultValue={v.displayName}
        autoComplete="off"
        maxLength={NAME_MAX}
      />
      <TextField
        key={`e${k}`}
        id="email"
        type="email"
        label={t("emailLabel")}
        hint={t("emailHint")}
        error={errors.email}
        defaultValue={v.email}
        autoComplete="off"
        inputMode="email"
        maxLength={EMAIL_MAX}
        required
      />
      <TextField
        key={`p${k}`}
        id="phone"
        type="tel"
        label={t("phoneLabel")}
        hint={t("phoneHint")}
        error={errors.phone}
        defaultValue={v.phone}
        autoComplete="off"
        maxLength={PHONE_MAX}
      />
      <SelectField
        key={`l${k}`}
        id="language"
        label={t("languageLabel")}
        defaultValue={v.language || defaultLanguage}
        className="sm:w-auto"
      >
        <option value="fi" lang="fi">
          Suomi
        </option>
        <option value="sv" lang="sv">
          Svenska
        </option>
        <option value="en" lang="en">
          English
        </option>
      </SelectField>
      <div className="mb-6 flex items-center gap-2">
        <input id="admin" name="admin" type="checkbox" className="h-5 w-5" />
        <label htmlFor="admin">{t("adminLabel", { organization })}</label>
      </div>
      <SubmitButton pendingLabel={common("working")}>{t("submit")}</SubmitButton>
    </form>
  );
}
