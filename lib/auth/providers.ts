import type { Provider } from "next-auth/providers";
import Facebook from "next-auth/providers/facebook";
import Google from "next-auth/providers/google";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import Twitter from "next-auth/providers/twitter";
import type { Env } from "@/lib/env";
import { enabledExternalProviders, type ExternalProviderConfig } from "./external-config";

type Profile = Record<string, unknown>;
const text = (v: unknown) => (typeof v === "string" ? v : undefined);

function toProvider(p: ExternalProviderConfig): Provider {
  const common = { clientId: p.clientId, clientSecret: p.clientSecret };
  switch (p.id) {
    case "google":
      return Google({ ...common, checks: ["pkce", "state", "nonce"] });
    case "microsoft-entra-id":
      return MicrosoftEntraID({
        ...common,
        // Auth.js's default is PKCE alone; Entra ID is OpenID Connect and honours state and nonce too.
        checks: ["pkce", "state", "nonce"],
        issuer: p.issuer,
        name: p.name,
        // The default also fetches the profile photo from Microsoft Graph: a second call for nothing we show.
        profile: (profile) => ({
          id: profile.sub,
          name: profile.name,
          email: profile.email ?? profile.preferred_username,
        }),
      });
    case "facebook":
      // Plain OAuth 2 (no ID token, so no nonce): state on top of the default PKCE.
      return Facebook({ ...common, checks: ["pkce", "state"] });
    case "twitter":
      // Auth.js's Twitter default today; said here so an upstream change cannot quietly drop state.
      return Twitter({ ...common, name: p.name, checks: ["pkce", "state"] });
    case "oidc":
      return {
        id: "oidc",
        name: p.name,
        type: "oidc",
        issuer: p.issuer,
        ...common,
        checks: ["pkce", "state", "nonce"],
        authorization: { params: { scope: "openid email profile" } },
        profile: (profile: Profile) => ({
          id: text(profile.sub),
          name: text(profile.name) ?? text(profile.preferred_username),
          email: text(profile.email),
        }),
      };
  }
}

/** Auth.js providers for the outside accounts the operator configured; none when none is. */
export function externalProviders(e: Env): Provider[] {
  return enabledExternalProviders(e).map(toProvider);
}
