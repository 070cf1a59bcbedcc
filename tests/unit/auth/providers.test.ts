import { describe, expect, it } from "vitest";
// Auth.js's own merge of a provider's defaults with our options (not exported by the package):
// the checks it returns are the ones the sign-in and the callback enforce.
import parseProviders from "@/node_modules/@auth/core/lib/utils/providers.js";
import { externalProviders } from "@/lib/auth/providers";
import { readEnv } from "@/lib/env";

const ALL = readEnv({
  AUTH_GOOGLE_ID: "g",
  AUTH_GOOGLE_SECRET: "gs",
  AUTH_MICROSOFT_ENTRA_ID_ID: "m",
  AUTH_MICROSOFT_ENTRA_ID_SECRET: "ms",
  AUTH_MICROSOFT_ENTRA_ID_ISSUER: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
  AUTH_FACEBOOK_ID: "f",
  AUTH_FACEBOOK_SECRET: "fs",
  AUTH_TWITTER_ID: "t",
  AUTH_TWITTER_SECRET: "ts",
  AUTH_OIDC_ISSUER: "https://id.example.org",
  AUTH_OIDC_ID: "o",
  AUTH_OIDC_SECRET: "os",
});

function effectiveChecks() {
  const { providers } = parseProviders({
    url: new URL("https://tunnus.example.org/api/auth/signin"),
    config: { providers: externalProviders(ALL), basePath: "/api/auth" } as Parameters<
      typeof parseProviders
    >[0]["config"],
  });
  return Object.fromEntries(
    providers.map((p) => [p.id, "checks" in p ? [...(p.checks as string[])].sort() : undefined]),
  );
}

describe("the outside providers' protocol checks", () => {
  it("state (and PKCE) for every provider, and the nonce for each OpenID Connect one", () => {
    expect(effectiveChecks()).toEqual({
      google: ["nonce", "pkce", "state"],
      "microsoft-entra-id": ["nonce", "pkce", "state"],
      facebook: ["pkce", "state"],
      twitter: ["pkce", "state"],
      oidc: ["nonce", "pkce", "state"],
    });
  });
});
