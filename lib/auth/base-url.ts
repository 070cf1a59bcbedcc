import { appOrigin, type Env } from "@/lib/env";

/**
 * Auth.js builds its callback address (the `redirect_uri` a provider sends the person back to),
 * its redirects and its own endpoints' URLs from `AUTH_URL`, and without it from the request's
 * Host / X-Forwarded-Host header (`trustHost`). A forged Host must not choose where a provider
 * sends the code, so `AUTH_URL` is set from APP_ORIGIN, the one address links are built from.
 * next-auth reads it from `process.env` at each call, hence the write there.
 *
 * Returns the origin, or null where there is none to pin (demo mode in production without
 * APP_ORIGIN: the request's host is all there is).
 */
export function pinAuthBaseUrl(e: Env, target: Record<string, string | undefined> = process.env): string | null {
  let origin: string;
  try {
    origin = appOrigin(e);
  } catch {
    return null;
  }
  if (target.AUTH_URL !== origin) target.AUTH_URL = origin;
  // NEXTAUTH_URL is read only when AUTH_URL is missing; dropping it leaves no second answer.
  delete target.NEXTAUTH_URL;
  return origin;
}
