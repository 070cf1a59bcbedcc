import { z } from "zod";
import { checkServiceUri } from "@/lib/oidc/redirect-uris";
import { OIDC_SCOPES, type OidcScope } from "@/lib/oidc/scopes";
import {
  SERVICE_JWKS_MAX,
  SERVICE_NAME_MAX,
  SERVICE_URI_COUNT_MAX,
  SERVICE_URI_LIST_MAX,
} from "@/lib/validation/limits";
import { hasControlOrLayoutCharacters } from "@/lib/validation/text";

export const SERVICE_KINDS = ["public", "confidential"] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** How a confidential service proves itself at the token endpoint; a public one uses "none" and PKCE. */
export const CONFIDENTIAL_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt"] as const;
export type ConfidentialAuthMethod = (typeof CONFIDENTIAL_AUTH_METHODS)[number];
export type ServiceAuthMethod = ConfidentialAuthMethod | "none";

export const ID_TOKEN_ALGS = ["RS256", "ES256"] as const;
export type IdTokenAlg = (typeof ID_TOKEN_ALGS)[number];

/** The methods whose service holds a secret of ours (private_key_jwt holds its own key). */
export const usesSecret = (method: string): boolean =>
  method === "client_secret_basic" || method === "client_secret_post";

/**
 * A service's settings as the form or the CLI gives them, all as text: the lists one address per
 * entry (the form's lines, the CLI's repeated flags), blank entries ignored but counted, so a
 * message can name the line. What is not given takes the default.
 */
export type ServiceInput = {
  name: string;
  homeUrl?: string | null;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string | null;
  kind: string;
  /** For a confidential service; ignored for a public one. client_secret_basic when not given. */
  authMethod?: string | null;
  /** A private_key_jwt service's public keys: a JWKS JSON document, or where to fetch it. */
  jwks?: string | null;
  jwksUri?: string | null;
  firstParty?: boolean;
  /** The scopes it may ask for; `openid` is always added. openid, profile and email when not given. */
  scopes?: string[] | null;
  idTokenAlg?: string | null;
};

export type ServiceField =
  | "name"
  | "homeUrl"
  | "redirectUris"
  | "postLogoutRedirectUris"
  | "backchannelLogoutUri"
  | "kind"
  | "authMethod"
  | "jwks"
  | "jwksUri"
  | "scopes"
  | "idTokenAlg";

/** The fields that take a list: their problems can name a line. */
export type ServiceListField = "redirectUris" | "postLogoutRedirectUris";

/**
 * Field → problem code (the page translates it; the CLI prints English), and for a list the line
 * (1-based) whose address was refused.
 */
export type ServiceErrors = {
  errors: Partial<Record<ServiceField, string>>;
  lines: Partial<Record<ServiceListField, number>>;
};

/** The settings as stored in `oidc_clients`. */
export type ServiceValues = {
  name: string;
  homeUrl: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  kind: ServiceKind;
  tokenEndpointAuthMethod: ServiceAuthMethod;
  jwks: { keys: Record<string, unknown>[] } | null;
  jwksUri: string | null;
  firstParty: boolean;
  scopes: OidcScope[];
  idTokenAlg: IdTokenAlg;
};

export const DEFAULT_SCOPES: readonly OidcScope[] = ["openid", "profile", "email"];

const blank = (value: string | null | undefined) => !value || !value.trim();

/** One address, or nothing; refused with checkServiceUri's reason. */
const optionalUri = (production: boolean) =>
  z
    .string()
    .nullish()
    .transform((value, ctx) => {
      if (blank(value)) return null;
      const checked = checkServiceUri(value ?? "", { production });
      if (checked.ok) return checked.value;
      ctx.addIssue({ code: "custom", message: checked.reason });
      return z.NEVER;
    });

/** A list of addresses: each checked (its index is the line), duplicates dropped, at most SERVICE_URI_COUNT_MAX. */
const uriList = (production: boolean, { required }: { required: boolean }) =>
  z
    .array(z.string())
    .nullish()
    .transform((entries, ctx) => {
      const all = entries ?? [];
      if (all.reduce((n, e) => n + e.length + 1, 0) > SERVICE_URI_LIST_MAX + 1) {
        ctx.addIssue({ code: "custom", message: "tooLong" });
        return z.NEVER;
      }
      const uris: string[] = [];
      for (const [index, entry] of all.entries()) {
        if (blank(entry)) continue;
        const checked = checkServiceUri(entry, { production });
        if (!checked.ok) {
          ctx.addIssue({ code: "custom", message: checked.reason, path: [index] });
          return z.NEVER;
        }
        if (!uris.includes(checked.value)) uris.push(checked.value);
      }
      if (required && uris.length === 0) ctx.addIssue({ code: "custom", message: "none" });
      else if (uris.length > SERVICE_URI_COUNT_MAX) ctx.addIssue({ code: "custom", message: "tooMany" });
      return uris;
    });

/** A JWKS document of public keys: JSON `{ "keys": [ … ] }`, each key with a `kty` and no private part. */
function parseJwks(text: string): { keys: Record<string, unknown>[] } | "tooLong" | "invalid" | "private" {
  if (text.length > SERVICE_JWKS_MAX) return "tooLong";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "invalid";
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || !Array.isArray(keys)) return "invalid";
  if (keys.length === 0 || keys.length > 20) return "invalid";
  const isKey = (k: unknown): k is Record<string, unknown> =>
    typeof k === "object" && k !== null && !Array.isArray(k) && typeof (k as { kty?: unknown }).kty === "string";
  if (!keys.every(isKey)) return "invalid";
  // A private key has no place here: the service keeps it, Tunnus needs only the public half.
  if (keys.some((k) => ["d", "p", "q", "dp", "dq", "qi", "k"].some((part) => part in k))) return "private";
  return { keys };
}

const serviceSchema = (production: boolean) =>
  z
    .object({
      name: z
        .string()
        .transform((v) => v.trim())
        .pipe(
          z
            .string()
            .min(1, "empty")
            .max(SERVICE_NAME_MAX, "tooLong")
            .refine((v) => !hasControlOrLayoutCharacters(v) && !/[<>]/.test(v), "invalid"),
        ),
      homeUrl: optionalUri(production),
      redirectUris: uriList(production, { required: true }),
      postLogoutRedirectUris: uriList(production, { required: false }),
      backchannelLogoutUri: optionalUri(production),
      kind: z.enum(SERVICE_KINDS, "invalid"),
      authMethod: z.string().nullish(),
      jwks: z.string().nullish(),
      // Fetched by the provider: https in production like every address.
      jwksUri: optionalUri(production),
      firstParty: z.boolean().nullish(),
      scopes: z
        .array(z.string())
        .nullish()
        .transform((given, ctx) => {
          if (!given) return [...DEFAULT_SCOPES];
          const wanted = new Set(given.map((s) => s.trim()).filter(Boolean));
          if (![...wanted].every((s) => (OIDC_SCOPES as readonly string[]).includes(s))) {
            ctx.addIssue({ code: "custom", message: "invalid" });
            return z.NEVER;
          }
          wanted.add("openid");
          // In the one order the lists show them.
          return OIDC_SCOPES.filter((s) => wanted.has(s));
        }),
      idTokenAlg: z
        .string()
        .nullish()
        .transform((v) => (blank(v) ? "RS256" : v))
        .pipe(z.enum(ID_TOKEN_ALGS, "invalid")),
    })
    .transform((v, ctx): ServiceValues => {
      const common = {
        name: v.name,
        homeUrl: v.homeUrl,
        redirectUris: v.redirectUris,
        postLogoutRedirectUris: v.postLogoutRedirectUris,
        backchannelLogoutUri: v.backchannelLogoutUri,
        firstParty: Boolean(v.firstParty),
        scopes: v.scopes,
        idTokenAlg: v.idTokenAlg,
      };
      // A public service (a browser or mobile app) proves nothing but PKCE: its other settings are ignored.
      if (v.kind === "public")
        return { ...common, kind: "public", tokenEndpointAuthMethod: "none", jwks: null, jwksUri: null };
      const method = blank(v.authMethod) ? "client_secret_basic" : (v.authMethod ?? "");
      if (!(CONFIDENTIAL_AUTH_METHODS as readonly string[]).includes(method)) {
        ctx.addIssue({ code: "custom", message: "invalid", path: ["authMethod"] });
        return z.NEVER;
      }
      if (method !== "private_key_jwt")
        return {
          ...common,
          kind: "confidential",
          tokenEndpointAuthMethod: method as ConfidentialAuthMethod,
          jwks: null,
          jwksUri: null,
        };
      const jwksText = v.jwks?.trim() ?? "";
      if (jwksText && v.jwksUri) {
        ctx.addIssue({ code: "custom", message: "both", path: ["jwks"] });
        return z.NEVER;
      }
      if (!jwksText && !v.jwksUri) {
        ctx.addIssue({ code: "custom", message: "missing", path: ["jwks"] });
        return z.NEVER;
      }
      const jwks = jwksText ? parseJwks(jwksText) : null;
      if (typeof jwks === "string") {
        ctx.addIssue({ code: "custom", message: jwks, path: ["jwks"] });
        return z.NEVER;
      }
      return {
        ...common,
        kind: "confidential",
        tokenEndpointAuthMethod: "private_key_jwt",
        jwks,
        jwksUri: jwks ? null : v.jwksUri,
      };
    });

const LIST_FIELDS: readonly string[] = ["redirectUris", "postLogoutRedirectUris"] satisfies ServiceListField[];

/**
 * A service's settings checked, for creation and for a change alike (the page's form, the CLI):
 * the values to store, or each refused field's problem code (and line).
 */
export function checkServiceInput(
  input: ServiceInput,
  { production }: { production: boolean },
): { ok: true; values: ServiceValues } | ({ ok: false } & ServiceErrors) {
  const parsed = serviceSchema(production).safeParse(input);
  if (parsed.success) return { ok: true, values: parsed.data };
  const result: ServiceErrors = { errors: {}, lines: {} };
  for (const issue of parsed.error.issues) {
    const [field, index] = issue.path;
    if (typeof field !== "string") continue;
    const key = field as ServiceField;
    if (result.errors[key]) continue;
    // zod's own messages (a wrong type from a hostile caller) become "invalid".
    result.errors[key] = /^[a-zA-Z]+$/.test(issue.message) ? issue.message : "invalid";
    if (LIST_FIELDS.includes(field) && typeof index === "number") result.lines[key as ServiceListField] = index + 1;
  }
  // An input that is not an object at all (a hostile caller) has no field to name: the first one.
  if (Object.keys(result.errors).length === 0) result.errors.name = "invalid";
  return { ok: false, ...result };
}
