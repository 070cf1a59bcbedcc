import { z } from "zod";
import { echo, type FormState } from "@/app/ui/form-state";
import { field } from "@/app/ui/form-values";
import type { ServiceErrors, ServiceField, ServiceInput } from "@/lib/flows/admin/service-input";
import type { ServiceView } from "@/lib/flows/admin/services";
import { OIDC_SCOPES, type OidcScope } from "@/lib/oidc/scopes";
import { SERVICE_JWKS_MAX, SERVICE_NAME_MAX, SERVICE_URI_LIST_MAX, SERVICE_URI_MAX } from "@/lib/validation/limits";

/** The scopes a form can tick; `openid` is always on and has no box of its own. */
export const CHOOSABLE_SCOPES = OIDC_SCOPES.filter((s) => s !== "openid") as Exclude<OidcScope, "openid">[];
type ChoosableScope = (typeof CHOOSABLE_SCOPES)[number];
/** A scope's checkbox: `scope_profile`. */
export const scopeField = <S extends ChoosableScope>(scope: S) => `scope_${scope}` as const;

/** A field as text, refused at once (with `message`) when it is longer than the flow could ever take. */
const text = (max: number, message: string) => z.string().max(max, `admin.services.errors.${message}`);
/** A choice's value (a kind, a method, an algorithm): the longest, "client_secret_basic", with room to spare. */
const SHORT_MAX = 40;
const checkbox = z.string().transform((v) => v === "on");

/**
 * The service form's fields, each as text (the lists one address per line, the boxes "on" or
 * nothing). Only lengths are refused here, so a 10 000-character field never reaches the flow;
 * createService and updateService check everything else (the CLI goes through the same checks).
 */
export const serviceFormSchema = z.object({
  name: text(SERVICE_NAME_MAX, "name.tooLong"),
  homeUrl: text(SERVICE_URI_MAX, "uri.tooLong"),
  redirectUris: text(SERVICE_URI_LIST_MAX, "uriList.tooLong"),
  postLogoutRedirectUris: text(SERVICE_URI_LIST_MAX, "uriList.tooLong"),
  backchannelLogoutUri: text(SERVICE_URI_MAX, "uri.tooLong"),
  kind: text(SHORT_MAX, "kind.invalid"),
  authMethod: text(SHORT_MAX, "authMethod.invalid"),
  jwks: text(SERVICE_JWKS_MAX, "jwks.tooLong"),
  jwksUri: text(SERVICE_URI_MAX, "uri.tooLong"),
  firstParty: checkbox,
  idTokenAlg: text(SHORT_MAX, "idTokenAlg.invalid"),
  ...(Object.fromEntries(CHOOSABLE_SCOPES.map((s) => [scopeField(s), checkbox])) as Record<
    `scope_${ChoosableScope}`,
    typeof checkbox
  >),
});

export type ServiceForm = z.output<typeof serviceFormSchema>;
export type ServiceFormField = keyof ServiceForm & string;

/**
 * What the form shows after a submit: messages and what was typed, or, once, a new secret: after
 * a service is registered (`created`), or after a change that gave it one.
 */
export type ServiceFormState = FormState<ServiceFormField | "scopes"> & {
  created?: { id: string; clientId: string; secret: string | null };
  secret?: string;
};

/** A new service's form: a confidential service with a secret, signing in with profile and e-mail. */
export const NEW_SERVICE_VALUES: Partial<Record<ServiceFormField, string>> = {
  kind: "confidential",
  authMethod: "client_secret_basic",
  idTokenAlg: "RS256",
  scope_profile: "on",
  scope_email: "on",
};

const lines = (value: string) => value.split(/\r?\n/);

/** The form's fields as the flow's input. */
export const serviceInputOf = (form: ServiceForm): ServiceInput => ({
  name: form.name,
  homeUrl: form.homeUrl,
  redirectUris: lines(form.redirectUris),
  postLogoutRedirectUris: lines(form.postLogoutRedirectUris),
  backchannelLogoutUri: form.backchannelLogoutUri,
  kind: form.kind,
  authMethod: form.authMethod,
  jwks: form.jwks,
  jwksUri: form.jwksUri,
  firstParty: form.firstParty,
  scopes: ["openid", ...CHOOSABLE_SCOPES.filter((s) => form[scopeField(s)])],
  idTokenAlg: form.idTokenAlg,
});

/** The single-address fields, whose problems share the address messages. */
const URI_FIELDS: readonly ServiceField[] = ["homeUrl", "backchannelLogoutUri", "jwksUri"];

/** The flow's problem codes as message keys from the root, and each list's refused line as a parameter. */
export function serviceErrorState(refusal: ServiceErrors): Required<Pick<ServiceFormState, "errors" | "params">> {
  const errors: NonNullable<ServiceFormState["errors"]> = {};
  for (const [field, code] of Object.entries(refusal.errors) as [ServiceField, string][]) {
    const group =
      field === "redirectUris" || field === "postLogoutRedirectUris"
        ? refusal.lines[field]
          ? "uriLine"
          : "uriList"
        : URI_FIELDS.includes(field)
          ? "uri"
          : field;
    errors[field] = `admin.services.errors.${group}.${code}`;
  }
  const params: Record<string, number> = {};
  for (const [field, line] of Object.entries(refusal.lines)) params[`${field}Line`] = line;
  return { errors, params };
}

/** What is put back after a refusal (field → longest value): every field, each only up to what it takes. */
export const serviceEcho: Record<ServiceFormField, number> = {
  name: SERVICE_NAME_MAX,
  homeUrl: SERVICE_URI_MAX,
  redirectUris: SERVICE_URI_LIST_MAX,
  postLogoutRedirectUris: SERVICE_URI_LIST_MAX,
  backchannelLogoutUri: SERVICE_URI_MAX,
  kind: SHORT_MAX,
  authMethod: SHORT_MAX,
  jwks: SERVICE_JWKS_MAX,
  jwksUri: SERVICE_URI_MAX,
  firstParty: 2,
  idTokenAlg: SHORT_MAX,
  ...(Object.fromEntries(CHOOSABLE_SCOPES.map((s) => [scopeField(s), 2])) as Record<`scope_${ChoosableScope}`, number>),
};

/** What was typed, as the echo puts it back (the action's answer to the flow's refusal). */
export function typedValues(formData: FormData): Partial<Record<ServiceFormField, string>> {
  const values: Partial<Record<ServiceFormField, string>> = {};
  for (const [name, max] of Object.entries(serviceEcho) as [ServiceFormField, number][])
    values[name] = echo(field(formData, name), max);
  return values;
}

/** A registered service's settings as the form's fields. */
export function serviceFormValues(service: ServiceView): Partial<Record<ServiceFormField, string>> {
  const values: Partial<Record<ServiceFormField, string>> = {
    name: service.name,
    homeUrl: service.homeUrl ?? "",
    redirectUris: service.redirectUris.join("\n"),
    postLogoutRedirectUris: service.postLogoutRedirectUris.join("\n"),
    backchannelLogoutUri: service.backchannelLogoutUri ?? "",
    kind: service.kind,
    authMethod: service.kind === "confidential" ? service.tokenEndpointAuthMethod : "client_secret_basic",
    jwks: service.jwks ? JSON.stringify(service.jwks, null, 2) : "",
    jwksUri: service.jwksUri ?? "",
    firstParty: service.firstParty ? "on" : "",
    idTokenAlg: service.idTokenAlg,
  };
  for (const s of CHOOSABLE_SCOPES) values[scopeField(s)] = service.scopes.includes(s) ? "on" : "";
  return values;
}
