import { encode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { env, isProduction } from "@/lib/env";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import type { Language } from "@/lib/i18n/languages";
import { tunnusCookieName } from "./cookie-names";
import { authSecret } from "./dev-secret";

/**
 * Puts a session opened by a password sign-in into the browser: the same encrypted JWT cookie
 * Auth.js writes and reads (`auth()` decodes it and checks the row), written here directly. Going
 * through `signIn("credentials")` would run Auth.js's whole request pipeline for it on the hot path.
 */
export async function startBrowserSession(session: {
  userId: string;
  sessionId: string;
  language: Language;
}): Promise<void> {
  const secure = isProduction();
  const name = tunnusCookieName("session", secure);
  const maxAge = env().SESSION_MAX_AGE_HOURS * 3600;
  const token = await encode({
    token: { sub: session.userId, sid: session.sessionId },
    secret: authSecret(),
    salt: name,
    maxAge,
  });
  const jar = await cookies();
  jar.set(name, token, { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge });
  jar.set(LOCALE_COOKIE, session.language, { path: "/", sameSite: "lax", maxAge: 365 * 86400, secure });
}
