"use server";

import { revalidatePath } from "next/cache";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import {
  type ContactFormState,
  confirmErrorState,
  parseChannel,
  requestErrorState,
} from "@/app/ui/contact/contact-state";
import { field } from "@/app/ui/form-values";
import { signIn, signOut } from "@/lib/auth";
import { linkIntentCookieName } from "@/lib/session/cookie-names";
import { authSecret } from "@/lib/session/dev-secret";
import { enabledExternalProviders, findEnabledProvider } from "@/lib/auth/external-config";
import { encodeLinkIntent, LINK_INTENT_TTL_SECONDS } from "@/lib/session/link-intent";
import { env, isProduction } from "@/lib/env";
import { unlinkExternalAccount } from "@/lib/flows/external/links";
import { confirmRecentSignIn } from "@/lib/flows/sign-in/recent-auth";
import { requireUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { removeOwnPhone, requestOwnContactCode } from "@/lib/flows/account/contact";
import { revokeOwnSession, signOutEverywhere } from "@/lib/flows/account/sessions";
import { cancelContactChange, confirmContactCode } from "@/lib/flows/account/contact-verification";
import { changeOwnPassword } from "@/lib/flows/account/change-password";
import { deliverAfterResponse } from "@/lib/messages/deliver-soon";
import { requestContextFrom } from "@/lib/request/context";

/** Revoking the session row and the audit entry happen in next-auth's signOut event. */
export async function logout() {
  await forgetLinkIntent();
  await signOut({ redirectTo: "/login?signedOut=1" });
}

/** An unfinished "Yhdistä" ends with the session that started it. */
async function forgetLinkIntent() {
  // Not delete(): a __Host- cookie is replaced only by one with the same Secure and Path.
  const secure = isProduction();
  (await cookies()).set(linkIntentCookieName(secure), "", {
    maxAge: 0,
    path: "/",
    secure,
    httpOnly: true,
    sameSite: "lax",
  });
}

/** The signed-in person (actions are public endpoints: each checks for itself) and this request. */
async function signedIn() {
  const current = await requireUser("/account");
  return { current, db: await getDb(), ctx: { now: new Date(), ...requestContextFrom(await headers()) } };
}

function backToAccount(query: string, anchor: string): never {
  revalidatePath("/account");
  redirect(`/account${query}#${anchor}`);
}

const GATE_ERRORS = ["passwordRequired", "passwordWrong"] as const;

export async function requestContactChange(_prev: ContactFormState, formData: FormData): Promise<ContactFormState> {
  const { current, db, ctx } = await signedIn();
  const channel = parseChannel(formData.get("channel"));
  if (!channel) return {};
  const value = field(formData, "value");
  const result = await requestOwnContactCode(
    db,
    { user: current.user, sessionId: current.sessionId, channel, value, password: field(formData, "currentPassword") },
    ctx,
  );
  if (!result.ok) {
    if ((GATE_ERRORS as readonly string[]).includes(result.reason))
      return { error: `contact.errors.${result.reason}`, value: value.length <= 254 ? value : "", errorOn: "password" };
    if (result.reason === "rateLimited")
      return { error: "account.errors.rateLimited", value: value.length <= 254 ? value : "", errorOn: "password" };
    return requestErrorState(channel, result as Parameters<typeof requestErrorState>[1], value);
  }
  deliverAfterResponse();
  backToAccount("", channel);
}

export async function confirmContactChange(_prev: ContactFormState, formData: FormData): Promise<ContactFormState> {
  const { current, db, ctx } = await signedIn();
  const channel = parseChannel(formData.get("channel"));
  if (!channel) return {};
  const result = await confirmContactCode(
    db,
    { user: current.user, channel, code: field(formData, "code"), notifyOldAddress: true },
    ctx,
  );
  if (!result.ok) return confirmErrorState(result);
  deliverAfterResponse();
  backToAccount(`?saved=${channel}`, channel);
}

export async function cancelContactChangeAction(formData: FormData): Promise<void> {
  const { current, db, ctx } = await signedIn();
  const channel = parseChannel(formData.get("channel"));
  if (channel) await cancelContactChange(db, { user: current.user, channel }, ctx.now);
  backToAccount("", channel ?? "email");
}

export async function removePhoneAction(formData: FormData): Promise<void> {
  const { current, db, ctx } = await signedIn();
  const result = await removeOwnPhone(
    db,
    { user: current.user, sessionId: current.sessionId, password: field(formData, "currentPassword") },
    ctx,
  );
  backToAccount(result.ok ? "?saved=phoneRemoved" : `?phoneError=${result.reason}`, "phone");
}

export type PasswordFormState = {
  errors?: { current?: string; password?: string; repeat?: string };
  params?: Record<string, number>;
  done?: number;
};

export async function changePasswordAction(_prev: PasswordFormState, formData: FormData): Promise<PasswordFormState> {
  const { current, db, ctx } = await signedIn();
  const result = await changeOwnPassword(
    db,
    {
      user: current.user,
      organization: current.organization,
      sessionId: current.sessionId,
      current: field(formData, "current"),
      password: field(formData, "password"),
      repeat: field(formData, "repeat"),
    },
    ctx,
  );
  if (result.ok) {
    deliverAfterResponse();
    return { done: result.sessionsEnded };
  }
  if (result.reason === "policy") {
    const { code, ...params } = result.problem;
    return { errors: { password: `passwordPolicy.${code}` }, params };
  }
  if (result.reason === "repeatEmpty" || result.reason === "mismatch")
    return { errors: { repeat: `account.errors.${result.reason}` } };
  return { errors: { current: `account.errors.${result.reason}` } };
}

/** "Kirjaa ulos" on another device: the form names it by its handle, never by its session id. */
export async function revokeSessionAction(formData: FormData): Promise<void> {
  const { current, db, ctx } = await signedIn();
  const handle = field(formData, "session").slice(0, 64);
  const result = await revokeOwnSession(
    db,
    { user: current.user, handle, currentSessionId: current.sessionId, handleSecret: authSecret() },
    ctx,
  );
  backToAccount(result.ok ? "?saved=session" : "", "sessions");
}

export async function signOutEverywhereAction(): Promise<void> {
  const { current, db, ctx } = await signedIn();
  await signOutEverywhere(db, { user: current.user }, ctx);
  await forgetLinkIntent();
  await signOut({ redirectTo: "/login?signedOut=1" });
}

/**
 * "Yhdistä": after the recent-sign-in gate, a signed intent bound to this person and session goes
 * into a short-lived cookie, and the browser goes to the provider. The provider's callback links
 * the outside account only with that intent (lib/auth/external-callback.ts).
 */
export async function linkExternalAction(formData: FormData): Promise<void> {
  const { current, db, ctx } = await signedIn();
  const provider = findEnabledProvider(env(), formData.get("provider"));
  if (!provider) backToAccount("?external=unavailable", "external");
  const gate = await confirmRecentSignIn(
    db,
    { user: current.user, sessionId: current.sessionId, password: field(formData, "currentPassword") },
    ctx,
  );
  if (!gate.ok) backToAccount(`?externalError=${gate.reason}&provider=${provider.id}`, "external");
  const secure = isProduction();
  const intent = {
    userId: current.user.id,
    sessionId: current.sessionId,
    provider: provider.id,
    expiresAt: ctx.now.getTime() + LINK_INTENT_TTL_SECONDS * 1000,
  };
  (await cookies()).set(linkIntentCookieName(secure), encodeLinkIntent(intent, authSecret()), {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: LINK_INTENT_TTL_SECONDS,
  });
  await signIn(provider.id, { redirectTo: "/account#external" });
}

export async function unlinkExternalAction(formData: FormData): Promise<void> {
  const { current, db, ctx } = await signedIn();
  const enabledProviders = enabledExternalProviders(env()).map((p) => p.id);
  const result = await unlinkExternalAccount(
    db,
    { userId: current.user.id, accountId: field(formData, "accountId").slice(0, 64), enabledProviders },
    ctx,
  );
  backToAccount(`?external=${result.ok ? "unlinked" : result.reason}`, "external");
}
