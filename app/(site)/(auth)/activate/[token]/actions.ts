"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import {
  type ContactFormState,
  confirmErrorState,
  parseChannel,
  requestErrorState,
} from "@/app/ui/contact/contact-state";
import { field } from "@/app/ui/form-values";
import { getDb } from "@/lib/db/client";
import { activateAccount, activationUser } from "@/lib/flows/account/activation";
import { cancelContactChange, confirmContactCode, requestContactCode } from "@/lib/flows/account/contact-verification";
import { deliverAfterResponse } from "@/lib/messages/deliver-soon";
import { requestContextFrom } from "@/lib/request/context";
import { signInAfterActivation } from "@/lib/flows/sign-in/after-activation";
import { startBrowserSession } from "@/lib/session/cookie";
import { sessionTimes } from "@/lib/session/sessions";
import type { ActivateFormState } from "./activate-state";

/** The link in the page authorises every step until the final submit spends it. */
async function fromLink(formData: FormData) {
  const token = field(formData, "token");
  const db = await getDb();
  const ctx = { now: new Date(), ...requestContextFrom(await headers()) };
  const user = await activationUser(db, token, ctx.now);
  return { db, ctx, token, user, channel: parseChannel(formData.get("channel")) };
}

const linkInvalid: ContactFormState = { error: "activate.errors.linkInvalid" };

/** Back to the page, freshly rendered: what it shows (a code waiting, a saved address) lives in the database. */
function backToPage(token: string, query: string, channel: string): never {
  revalidatePath(`/activate/${token}`);
  redirect(`/activate/${token}${query}#${channel}`);
}

export async function requestCode(_prev: ContactFormState, formData: FormData): Promise<ContactFormState> {
  const { db, ctx, token, user, channel } = await fromLink(formData);
  if (!user || !channel) return linkInvalid;
  const value = field(formData, "value");
  const result = await requestContactCode(db, { user, channel, value }, ctx);
  if (!result.ok) return requestErrorState(channel, result, value);
  deliverAfterResponse();
  backToPage(token, "", channel);
}

export async function confirmCode(_prev: ContactFormState, formData: FormData): Promise<ContactFormState> {
  const { db, ctx, token, user, channel } = await fromLink(formData);
  if (!user || !channel) return linkInvalid;
  const result = await confirmContactCode(db, { user, channel, code: field(formData, "code") }, ctx);
  if (!result.ok) return confirmErrorState(result);
  backToPage(token, `?saved=${channel}`, channel);
}

export async function cancelChange(formData: FormData): Promise<void> {
  const { db, ctx, token, user, channel } = await fromLink(formData);
  if (!user || !channel) redirect(`/activate/${encodeURIComponent(token)}`);
  await cancelContactChange(db, { user, channel }, ctx.now);
  backToPage(token, "", channel);
}

export async function activate(_prev: ActivateFormState, formData: FormData): Promise<ActivateFormState> {
  const token = field(formData, "token");
  const password = field(formData, "password");
  const repeat = field(formData, "repeat");
  if (password && !repeat) return { errors: { repeat: "activate.errors.repeatEmpty" } };
  const db = await getDb();
  const ctx = { now: new Date(), ...requestContextFrom(await headers()) };
  const result = await activateAccount(db, { secret: token, password, repeat }, ctx);
  if (!result.ok) {
    if (result.reason === "link") return { errors: { form: "activate.errors.linkInvalid" } };
    const { code, ...params } = result.problem;
    if (code === "mismatch") return { errors: { repeat: "activate.errors.mismatch" } };
    return { errors: { password: `passwordPolicy.${code}` }, params };
  }
  // Signed in the way the login form signs in: the session row here, its cookie written directly.
  const session = await signInAfterActivation(db, { userId: result.userId }, { ...ctx, sessionTimes: sessionTimes() });
  // Active, but not signed in (an IP limit): the person signs in by hand.
  if (!session.ok) redirect("/login?callbackUrl=%2Faccount");
  await startBrowserSession(session);
  redirect("/account?activated=1");
}
