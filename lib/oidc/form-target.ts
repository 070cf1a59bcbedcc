import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/lib/session/dev-secret";

/**
 * A page whose form leads on to a service (the sign-in and consent pages of a service's sign-in
 * request) needs that service's origin in its `form-action`: browsers hold a form's redirects to
 * the policy too, and the last one goes to the service. The provider names the origin in the
 * page's address, signed, so the proxy can widen the policy without a database query and nobody
 * can widen it with an address of their own.
 */

export const FORM_TARGET_PARAM = "rp";
export const FORM_TARGET_SIGNATURE_PARAM = "rps";
const INFO = "tunnus/oidc-form-target/v1";

let cached: { secret: string; key: Buffer } | undefined;
function key(): Buffer {
  const secret = authSecret();
  if (cached?.secret !== secret)
    cached = { secret, key: Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), INFO, 32)) };
  return cached.key;
}

const sign = (origin: string, uid: string) =>
  createHmac("sha256", key()).update(`${origin}|${uid}`).digest("base64url");

/** `rp=…&rps=…` for the service's redirect URI, bound to this sign-in request. */
export function formTargetQuery(redirectUri: string, uid: string): string {
  if (!URL.canParse(redirectUri)) return "";
  const origin = new URL(redirectUri).origin;
  return `${FORM_TARGET_PARAM}=${encodeURIComponent(origin)}&${FORM_TARGET_SIGNATURE_PARAM}=${sign(origin, uid)}`;
}

/** The sign-in request a page belongs to: `/authorize/<uid>`, or `/login?callbackUrl=/oidc/interaction/<uid>`. */
export function interactionUidOf(pathname: string, params: URLSearchParams): string | null {
  const own = /^\/authorize\/([A-Za-z0-9_-]{1,64})$/.exec(pathname)?.[1];
  if (own) return own;
  if (pathname !== "/login") return null;
  return /^\/oidc\/interaction\/([A-Za-z0-9_-]{1,64})$/.exec(params.get("callbackUrl") ?? "")?.[1] ?? null;
}

/** The origin a page may send its form on to, when its address carries a valid signature for it. */
export function verifiedFormTarget(pathname: string, params: URLSearchParams): string | null {
  const uid = interactionUidOf(pathname, params);
  const origin = params.get(FORM_TARGET_PARAM);
  const signature = params.get(FORM_TARGET_SIGNATURE_PARAM);
  if (!uid || !origin || !signature || !/^https?:\/\/[A-Za-z0-9.:[\]-]{1,300}$/.test(origin)) return null;
  const expected = Buffer.from(sign(origin, uid));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? origin : null;
}
