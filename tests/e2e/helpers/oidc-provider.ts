import { createServer, type Server } from "node:http";
import { randomBytes } from "node:crypto";
import Provider from "oidc-provider";
import { freePort } from "@/lib/db/embedded-server";

export type TestIdentityProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop: () => Promise<void>;
};

/**
 * A real OpenID Connect provider on localhost (oidc-provider, with its development login and
 * consent pages): the organisation's "own identity service" of the browser tests. Any login name
 * signs in; the name becomes the outside account's `sub`, and `<name>@idp.example` its e-mail.
 */
export async function startIdentityProvider(tunnusURL: string): Promise<TestIdentityProvider> {
  const port = await freePort();
  const issuer = `http://localhost:${port}`;
  const clientId = "tunnus-e2e";
  const clientSecret = randomBytes(24).toString("base64url");
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${tunnusURL}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "preferred_username"] },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({
        sub,
        email: `${sub}@idp.example`,
        email_verified: true,
        name: `Testi ${sub}`,
        preferred_username: sub,
      }),
    }),
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    // Like most identity services, put the e-mail and name in the ID token too (Auth.js reads that).
    conformIdTokenClaims: false,
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  });
  // The development pages warn on every start; the tests know.
  provider.on("server_error", (_ctx, error) => console.error("oidc-provider:", error));
  const server: Server = createServer(provider.callback());
  // Every interface: "localhost" may be ::1 for the browser and 127.0.0.1 for Node.
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
