"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  channelField,
  confirmRefusal,
  type ContactState,
  echoValue,
  requestRefusal,
} from "@/app/ui/contact/contact-state";
import type { FormState } from "@/app/ui/form-state";
import { parseForm, validatedAction } from "@/app/ui/validated-action";
import { signIn, signOut } from "@/lib/auth";
import { linkIntentCookieName } from "@/lib/session/cookie-names";
import { authSecret } from "@/lib/session/dev-secret";
import { enabledExternalProviders, findEnabledProvider } from "@/lib/auth/external-config";
import { encodeLinkIntent, LINK_INTENT_TTL_SECONDS } from "@/lib/session/link-intent";
import { env, isProduction } from "@/lib/env";
import { unlinkExternalAccount } from "@/lib/flows/external/links";
import { confirmRecentSignIn } from "@/lib/flows/sign-in/recent-auth";
import { getCurrentUser, requireUser } from "@/lib/auth/guards";
import { endServiceSessions } from "@/lib/oidc/logout";
import { removeOwnPhone, requestOwnContactCode } from "@/lib/flows/account/contact";
import { revokeOwnSession, signOutEverywhere } from "@/lib/flows/account/sessions";
import { cancelContactChange, confirmContactCode } from "@/lib/flows/account/contact-verification";
import { changeOwnPassword } from "@/lib/flows/account/change-password";
import { withdrawService } from "@/lib/flows/account/services";
import { deliverAfterResponse } from "@/lib/messages/deliver-soon";
import { requestScope } from "@/lib/request/scope";
import { withdrawServiceSchema, type WithdrawServiceState } from "./schema";

/** Revoking the session row and the audit entry happen in next-auth's signOut event. */
export async function logoutAction() {
  const current = await getCurrentUser();
  if (current) {
    const { ctx } = await requestScope();
    // The services this browser signed in to through Tunnus end their sessions too.
    ctx.defer?.(async () => {
      await endServiceSessions({ subject: current.user.oidcSubject, tunnusSessionIds: [current.sessionId] });
    });
  }
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
  const { db, ctx } = await requestScope();
  return { current, db, ctx };
}

function backToAccount(query: string, anchor: string): never {
  revalidatePath("/account");
  redirect(`/account${query}#${anchor}`);
}

// The flows check every field (requestOwnContactCode, confirmContactCode, removeOwnPhone), so the
// schemas refuse nothing: they take the fields as typed, and a channel other than "email" or
// "phone" as none.
const contactRequestSchema = z.object({ channel: channelField, value: z.string(), currentPassword: z.string() });
const contactConfirmSchema = z.object({ channel: channelField, code: z.string() });
const contactCancelSchema = z.object({ channel: channelField });

export const requestContactChangeAction = validatedAction(
  contactRequestSchema,
  async ({ channel, value, currentPassword }): Promise<ContactState> => {
    const { current, db, ctx } = await signedIn();
    if (!channel) return {};
    const result = await requestOwnContactCode(
      db,
      { user: current.user, sessionId: current.sessionId, channel, value, password: currentPassword },
      ctx,
    );
    if (!result.ok) {
      // The recent-sign-in gate's refusals, and every rate limit (in the account's words), go on the current password.
      if (result.reason === "passwordRequired" || result.reason === "passwordWrong")
        return { errors: { currentPassword: `contact.errors.${result.reason}` }, values: { value: echoValue(value) } };
      if (result.reason === "rateLimited")
        return { errors: { currentPassword: "account.errors.rateLimited" }, values: { value: echoValue(value) } };
      // What is left are the code step's own refusals (the gate's reasons are a union TypeScript does not split).
      return requestRefusal(channel, result as Parameters<typeof requestRefusal>[1], value);
    }
    deliverAfterResponse();
    backToAccount("", channel);
  },
);

export const confirmContactChangeAction = validatedAction(
  contactConfirmSchema,
  async ({ channel, code }): Promise<ContactState> => {
    const { current, db, ctx } = await signedIn();
    if (!channel) return {};
    const result = await confirmContactCode(db, { user: current.user, channel, code, notifyOldAddress: true }, ctx);
    if (!result.ok) return confirmRefusal(result);
    deliverAfterResponse();
    backToAccount(`?saved=${channel}`, channel);
  },
);

export async function cancelContactChangeAction(formData: FormData): Promise<void> {
  const { current, db, ctx } = await signedIn();
  const { channel } = parseForm(contactCancelSchema, formData);
  if (channel) await cancelContactChange(db, { user: current.user, channel }, ctx.now);
  backToAccount("", channel ?? "email");
}

const removePhoneSchema = z.object({ currentPassword: z.string() });

export async function removePhoneAction(formData: FormData): Promise<void> {
  const { current, db, ctx } = await signedIn();
  const { currentPassword } = parseForm(removePhoneSchema, formData);
  const result = await removeOwnPhone(
    db,
    { user: current.user, sessionId: current.sessionId, password: currentPassword },
    ctx,
  );
  backToAccount(result.ok ? "?saved=phoneRemoved" : `?phoneError=${result.reason}`, "phone");
}

/** "Vaihda salasana": `done` is how many other sessions the change ended. */
export type PasswordChangeState = FormState<"current" | "password" | "repeat"> & { done?: number };

// changeOwnPassword checks all three (the current one against the limits of the recent-sign-in gate).
const passwordChangeSchema = z.object({ current: z.string(), password: z.string(), repeat: z.string() });

export const changePasswordAction = validatedAction(
  passwordChangeSchema,
  async ({ current: currentPassword, password, repeat }): Promise<PasswordChangeState> => {
    const { current, db, ctx } = await signedIn();
    const result = await changeOwnPassword(
      db,
      {
        user: current.user,
        organization: current.organization,
        sessionId: current.sessionId,
        current: currentPassword,
        password,
        repeat,
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
  },
);

/** A session is named by its handle, never by its id; anything longer than a handle is cut (and found by none). */
const revokeSessionSchema = z.object({ session: z.string().transform((handle) => handle.slice(0, 64)) });

/** "Kirjaa ulos" on another device: the form names it by its handle, never by its session id. */
export async function revokeSessionAction(formData: FormData): Promise<void> {
  const { current, db, ctx } = await signedIn();
  const { session: handle } = parseForm(revokeSessionSchema, formData);
  const result = await revokeOwnSession(db, { user: current.user, handle, currentSessionId: current.sessionId }, ctx);
  backToAccount(result.ok ? "?saved=session" : "", "sessions");
}

export async function signOutEverywhereAction(): Promise<void> {
  const { current, db, ctx } = await signedIn();
  await signOutEverywhere(db, { user: current.user }, ctx);
  ctx.defer?.(async () => {
    await endServiceSessions({ subject: current.user.oidcSubject });
  });
  await forgetLinkIntent();
  await signOut({ redirectTo: "/login?signedOut=1" });
}

const linkExternalSchema = z.object({ provider: z.string(), currentPassword: z.string() });

/**
 * "Yhdistä": after the recent-sign-in gate, a signed intent bound to this person and session goes
 * into a short-lived cookie, and the browser goes to the provider. The provider's callback links
 * the outside account only with that intent (lib/auth/external-callback.ts).
 */
export async function linkExternalAction(formData: FormData): Promise<void> {
  const { current, db, ctx } = await signedIn();
  const { provider: providerId, currentPassword } = parseForm(linkExternalSchema, formData);
  const provider = findEnabledProvider(env(), providerId);
  if (!provider) backToAccount("?external=unavailable", "external");
  const gate = await confirmRecentSignIn(
    db,
    { user: current.user, sessionId: current.sessionId, password: currentPassword },
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

/** A linked account is named by its row id; anything longer than one is cut (and found by none). */
const unlinkExternalSchema = z.object({ accountId: z.string().transform((id) => id.slice(0, 64)) });

export async function unlinkExternalAction(formData: FormData): Promise<void> {
  const { current, db, ctx } = await signedIn();
  const { accountId } = parseForm(unlinkExternalSchema, formData);
  const enabledProviders = enabledExternalProviders(env()).map((p) => p.id);
  const result = await unlinkExternalAccount(db, { userId: current.user.id, accountId, enabledProviders }, ctx);
  backToAccount(`?external=${result.ok ? "unlinked" : result.reason}`, "external");
}

/**
 * "Peru pääsy": the service's grants and tokens are revoked and it leaves the list. The answer names
 * it ("Palvelu X ei enää pääse tietoihisi"); the page is rendered again without it.
 */
export const withdrawServiceAction = validatedAction(
  withdrawServiceSchema,
  async ({ clientRowId }): Promise<WithdrawServiceState> => {
    const { current, db, ctx } = await signedIn();
    const result = await withdrawService(db, { user: current.user, clientRowId }, ctx);
    // Refused too: a service withdrawn a moment ago in another tab leaves this tab's list.
    revalidatePath("/account");
    if (!result.ok) return { errors: { form: `accountServices.errors.${result.reason}` } };
    return { withdrawn: result.name };
  },
);
