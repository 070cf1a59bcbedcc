/**
 * The scopes a service may be allowed, and the claims each one releases. `openid` is always
 * there; `offline_access` lets a service keep a refresh token. Nothing else is ever released.
 */
export const OIDC_SCOPES = ["openid", "profile", "email", "phone", "membership", "offline_access"] as const;
export type OidcScope = (typeof OIDC_SCOPES)[number];

export const CLAIMS_BY_SCOPE = {
  openid: ["sub"],
  profile: ["name", "preferred_username", "locale"],
  email: ["email", "email_verified"],
  phone: ["phone_number", "phone_number_verified"],
  membership: ["organization_licence", "organization_name", "membership_number", "role"],
} as const;

export const isOidcScope = (value: string): value is OidcScope => (OIDC_SCOPES as readonly string[]).includes(value);

/** Where the provider answers; the issuer is the app's origin. */
export const OIDC_PATH = "/oidc";
