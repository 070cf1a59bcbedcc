import type { Env } from "@/lib/env";

export type ExternalProviderId = "google" | "microsoft-entra-id" | "facebook" | "twitter" | "oidc";

export type ExternalProviderConfig = {
  id: ExternalProviderId;
  /** What the button and the account page call it. */
  name: string;
  clientId: string;
  clientSecret: string;
  issuer?: string;
  /** Where the browser is sent to consent: the Content-Security-Policy's form-action must allow them. */
  formTargets: string[];
};

type Fixed = { id: ExternalProviderId; name: string; idVar: keyof Env; secretVar: keyof Env; formTargets: string[] };

const FIXED: Fixed[] = [
  {
    id: "google",
    name: "Google",
    idVar: "AUTH_GOOGLE_ID",
    secretVar: "AUTH_GOOGLE_SECRET",
    formTargets: ["https://accounts.google.com"],
  },
  {
    id: "microsoft-entra-id",
    name: "Microsoft",
    idVar: "AUTH_MICROSOFT_ENTRA_ID_ID",
    secretVar: "AUTH_MICROSOFT_ENTRA_ID_SECRET",
    formTargets: ["https://login.microsoftonline.com"],
  },
  {
    id: "facebook",
    name: "Facebook",
    idVar: "AUTH_FACEBOOK_ID",
    secretVar: "AUTH_FACEBOOK_SECRET",
    formTargets: ["https://www.facebook.com"],
  },
  {
    id: "twitter",
    name: "X",
    idVar: "AUTH_TWITTER_ID",
    secretVar: "AUTH_TWITTER_SECRET",
    formTargets: ["https://x.com", "https://twitter.com"],
  },
];

const str = (e: Env, key: keyof Env) => {
  const v = e[key];
  return typeof v === "string" && v.trim() ? v.trim() : undefined;
};

/** The providers the operator configured, in the order the login page shows them. */
export function enabledExternalProviders(e: Env): ExternalProviderConfig[] {
  const list: ExternalProviderConfig[] = [];
  for (const f of FIXED) {
    const clientId = str(e, f.idVar);
    const clientSecret = str(e, f.secretVar);
    if (!clientId || !clientSecret) continue;
    const issuer = f.id === "microsoft-entra-id" ? str(e, "AUTH_MICROSOFT_ENTRA_ID_ISSUER") : undefined;
    list.push({ id: f.id, name: f.name, clientId, clientSecret, issuer, formTargets: f.formTargets });
  }
  const issuer = str(e, "AUTH_OIDC_ISSUER");
  const clientId = str(e, "AUTH_OIDC_ID");
  const clientSecret = str(e, "AUTH_OIDC_SECRET");
  if (issuer && clientId && clientSecret) {
    list.push({
      id: "oidc",
      name: str(e, "AUTH_OIDC_NAME") ?? new URL(issuer).hostname,
      clientId,
      clientSecret,
      issuer,
      formTargets: [new URL(issuer).origin],
    });
  }
  return list;
}

export function findEnabledProvider(e: Env, id: unknown): ExternalProviderConfig | undefined {
  return typeof id === "string" ? enabledExternalProviders(e).find((p) => p.id === id) : undefined;
}

/** Half a configuration is a mistake the operator should hear of at start, not a silent missing button. */
export function externalProviderProblems(e: Env): string[] {
  const problems: string[] = [];
  for (const f of FIXED) {
    if (Boolean(str(e, f.idVar)) !== Boolean(str(e, f.secretVar))) {
      problems.push(`${String(f.idVar)} and ${String(f.secretVar)} must be set together (sign-in with ${f.name}).`);
    }
  }
  const oidc = ["AUTH_OIDC_ISSUER", "AUTH_OIDC_ID", "AUTH_OIDC_SECRET"] as const;
  const set = oidc.filter((k) => str(e, k));
  if (set.length > 0 && set.length < oidc.length) {
    problems.push(
      "AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET must be set together (sign-in with your own OpenID Connect service).",
    );
  }
  return problems;
}

/** A provider's name for the account page and the device list, also after it was switched off. */
export function externalProviderName(e: Env, id: string): string {
  const enabled = enabledExternalProviders(e).find((p) => p.id === id);
  if (enabled) return enabled.name;
  return FIXED.find((f) => f.id === id)?.name ?? (id === "oidc" ? "OpenID Connect" : id);
}
