/**
 * An OpenID Connect sign-in as a service and a browser without JavaScript make it: authorize →
 * the interaction → Tunnus's /login form (when not signed in yet) → back → the code at the
 * service; then the service's call to the token endpoint. Cookies are kept per browser.
 */
import { createHash, randomBytes } from "node:crypto";
import { hiddenFieldsOfForm } from "../form-client";
import type { httpClient, Response } from "./http-client";

type Client = ReturnType<typeof httpClient>;
export type OidcService = { clientId: string; secret: string; redirectUri: string };

export class CookieJar {
  private cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of [response.headers["set-cookie"] ?? []].flat()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      const value = pair.slice(at + 1);
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(pair.slice(0, at));
      else this.cookies.set(pair.slice(0, at), value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

export type Authorized = { ok: true; code: string; verifier: string } | { ok: false; why: string };

/** Authorize → (sign in) → the code at the redirect URI. `person` only when the browser must sign in. */
export async function authorizeCode(
  http: Client,
  origin: string,
  service: OidcService,
  jar: CookieJar,
  headers: Record<string, string>,
  person?: { identifier: string; password: string },
): Promise<Authorized> {
  const get = async (path: string) => {
    const r = await http.get(path, { ...headers, cookie: jar.header() });
    jar.take(r);
    return r;
  };
  const verifier = randomBytes(32).toString("base64url");
  const query = new URLSearchParams({
    client_id: service.clientId,
    redirect_uri: service.redirectUri,
    response_type: "code",
    scope: "openid profile",
    state: randomBytes(8).toString("hex"),
    nonce: randomBytes(8).toString("hex"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  });
  let path = `/oidc/auth?${query}`;
  let response = await get(path);
  for (let hop = 0; hop < 8; hop++) {
    if (response.status === 200 && person && response.body.includes('name="identifier"')) {
      // Tunnus's sign-in form, posted as a browser without JavaScript would.
      const fields = [
        ...hiddenFieldsOfForm(response.body, "identifier"),
        ["identifier", person.identifier],
        ["password", person.password],
      ] as [string, string][];
      response = await http.postForm(path, fields, { ...headers, origin, cookie: jar.header() });
      jar.take(response);
      continue;
    }
    const location = response.headers.location;
    if (!location) return { ok: false, why: `${response.status} at ${path.split("?")[0]}` };
    if (location.startsWith(service.redirectUri)) {
      const code = new URL(location).searchParams.get("code");
      return code ? { ok: true, code, verifier } : { ok: false, why: `no code: ${location.slice(0, 120)}` };
    }
    const next = new URL(location, origin);
    if (next.origin !== origin) return { ok: false, why: `left for ${next.origin}` };
    path = next.pathname + next.search;
    response = await get(path);
  }
  return { ok: false, why: "too many redirects" };
}

/** The service's back-channel call: the code for tokens (client_secret_basic). */
export async function exchangeCode(http: Client, service: OidcService, code: string, verifier: string) {
  const response = await http.postUrlEncoded(
    "/oidc/token",
    { grant_type: "authorization_code", code, redirect_uri: service.redirectUri, code_verifier: verifier },
    { authorization: `Basic ${Buffer.from(`${service.clientId}:${service.secret}`).toString("base64")}` },
  );
  return { ok: response.status === 200 && response.body.includes('"id_token"'), status: response.status };
}
