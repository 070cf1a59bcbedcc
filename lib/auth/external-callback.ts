import type { Account, Profile, User } from "next-auth";
import { cookies, headers } from "next/headers";
import { getDb } from "@/lib/db/client";
import { isProduction } from "@/lib/env";
import { linkExternalAccount, type OutsideAccount } from "@/lib/flows/external/links";
import { signInWithExternalAccount } from "@/lib/flows/external/sign-in";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import { requestContextFrom } from "@/lib/request/context";
import { linkIntentCookieName } from "@/lib/session/cookie-names";
import { setCallbackCookie } from "@/lib/session/callback-cookies";
import { authSecret } from "@/lib/session/dev-secret";
import { decodeLinkIntent } from "@/lib/session/link-intent";
import { sessionTimes } from "@/lib/session/sessions";

const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);

function outsideAccountOf(user: User, account: Account, profile: Profile | undefined): OutsideAccount {
  return {
    provider: account.provider,
    providerAccountId: String(account.providerAccountId ?? ""),
    label: str(profile?.email) ?? user.email ?? str(profile?.preferred_username) ?? user.name ?? null,
  };
}

/**
 * Auth.js's signIn callback for outside accounts. `true` lets Auth.js write the session cookie
 * (after we opened a session row and put its id on `user`); a path sends the browser there
 * instead and writes no cookie: a finished link, an outside account that is not linked, a refusal.
 */
export async function handleExternalSignIn(params: {
  user: User;
  account: Account;
  profile?: Profile;
}): Promise<true | string> {
  const { user, account, profile } = params;
  const ctx = { now: new Date(), ...requestContextFrom(await headers()) };
  const db = await getDb();
  const outside = outsideAccountOf(user, account, profile);

  const intentCookie = (await cookies()).get(linkIntentCookieName(isProduction()))?.value;
  if (intentCookie !== undefined) {
    // One consent, one link: the intent is spent whatever happens next.
    setCallbackCookie({
      name: linkIntentCookieName(isProduction()),
      value: "",
      maxAge: 0,
      secure: isProduction(),
      httpOnly: true,
    });
    const intent = decodeLinkIntent(intentCookie, authSecret(), ctx.now);
    if (intent && intent.provider === outside.provider) {
      const result = await linkExternalAccount(
        db,
        { userId: intent.userId, sessionId: intent.sessionId, outside, sessionTimes: sessionTimes() },
        ctx,
      );
      if (result.ok || result.reason !== "sessionEnded")
        return `/account?external=${result.ok ? "linked" : result.reason}#external`;
    }
    // An intent that expired, or whose session has ended, links nothing and is no reason to refuse a sign-in.
  }

  const result = await signInWithExternalAccount(db, { outside, sessionTimes: sessionTimes() }, ctx);
  if (!result.ok) {
    if (result.reason === "notLinked") return `/login/not-linked?provider=${encodeURIComponent(outside.provider)}`;
    return `/login?error=${result.reason === "rateLimited" ? "rate_limited" : "external"}`;
  }
  user.id = result.userId;
  user.sessionId = result.sessionId;
  setCallbackCookie({
    name: LOCALE_COOKIE,
    value: result.language,
    maxAge: 365 * 86400,
    secure: isProduction(),
    httpOnly: false,
  });
  return true;
}
