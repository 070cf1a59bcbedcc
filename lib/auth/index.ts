import { cookies, headers } from "next/headers";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { env, isProduction } from "@/lib/env";
import { signInWithPassword } from "@/lib/flows/sign-in/login";
import { signOutSession } from "@/lib/flows/sign-in/logout";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import { requestContextFrom } from "@/lib/request/context";
import { tunnusCookieName } from "@/lib/session/cookie-names";
import { authSecret } from "@/lib/session/dev-secret";
import { sessionTimes, validateSession } from "@/lib/session/sessions";
import { pinAuthBaseUrl } from "./base-url";
import { handleExternalSignIn } from "./external-callback";
import { authLogger } from "./logger";
import { externalProviders } from "./providers";
import { afterSignInResponse, noticeOrigin } from "./sign-in-bookkeeping";

declare module "next-auth" {
  interface User {
    sessionId?: string;
  }
  interface Session {
    sessionId: string;
    user: { id: string };
  }
}

/** The code reaches the browser, so it names only what the person may know: too many tries from here. */
class RateLimited extends CredentialsSignin {
  code = "rate_limited";
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  // Before Auth.js builds any URL of this request: its origin is APP_ORIGIN, never the Host header.
  pinAuthBaseUrl(env());
  const secure = isProduction();
  const cookie = (name: string, httpOnly = true) => ({
    name: tunnusCookieName(name, secure),
    options: { httpOnly, sameSite: "lax" as const, path: "/", secure },
  });
  return {
    secret: authSecret(),
    // One line per error: Auth.js's own logger prints a stack for every request with a bad cookie.
    logger: authLogger,
    // Only consulted without an AUTH_URL (pinAuthBaseUrl sets it from APP_ORIGIN whenever there is one).
    trustHost: true,
    session: { strategy: "jwt", maxAge: env().SESSION_MAX_AGE_HOURS * 3600 },
    pages: { signIn: "/login", signOut: "/account", error: "/login" },
    cookies: {
      sessionToken: cookie("session"),
      callbackUrl: cookie("callback-url"),
      csrfToken: cookie("csrf"),
    },
    providers: [
      Credentials({
        credentials: { identifier: {}, password: {} },
        async authorize(credentials, request) {
          const ctx = requestContextFrom(request.headers);
          const result = await signInWithPassword(
            await getDb(),
            { identifier: String(credentials.identifier ?? ""), password: String(credentials.password ?? "") },
            {
              ...ctx,
              now: new Date(),
              sessionTimes: sessionTimes(),
              appOrigin: noticeOrigin(),
              defer: afterSignInResponse,
            },
          );
          if (!result.ok) {
            if (result.reason === "rateLimited") throw new RateLimited();
            return null;
          }
          (await cookies()).set(LOCALE_COOKIE, result.language, {
            path: "/",
            sameSite: "lax",
            maxAge: 365 * 86400,
            secure,
          });
          return { id: result.userId, sessionId: result.sessionId };
        },
      }),
      ...externalProviders(env()),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (!account || account.type === "credentials") return true;
        return handleExternalSignIn({ user, account, profile });
      },
      async jwt({ token, user }) {
        // A provider sign-in that opened no session row (it should not happen) gets no cookie either.
        if (user) return user.id && user.sessionId ? { sub: user.id, sid: user.sessionId } : null;
        if (typeof token.sid !== "string") return null;
        // The session row, not the JWT, decides: revocation takes effect on the next request.
        const active = await validateSession(await getDb(), token.sid, new Date(), sessionTimes());
        return active ? token : null;
      },
      session({ session, token }) {
        return { ...session, sessionId: token.sid as string, user: { id: token.sub as string } };
      },
    },
    events: {
      // Every way of signing out (our button, next-auth's own endpoint) ends the session row too.
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (typeof token?.sid !== "string" || typeof token.sub !== "string") return;
        await signOutSession(await getDb(), {
          sessionId: token.sid,
          userId: token.sub,
          ...requestContextFrom(await headers()),
        });
      },
    },
  };
});
