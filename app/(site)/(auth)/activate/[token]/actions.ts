"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import {
  confirmRefusal,
  type ContactField,
  type ContactState,
  parseChannel,
  requestRefusal,
} from "@/app/ui/contact/contact-state";
import { field } from "@/app/ui/form-values";
import { validatedAction } from "@/app/ui/validated-action";
import { activateAccount, activationUser } from "@/lib/flows/account/activation";
import { cancelContactChange, confirmContactCode, requestContactCode } from "@/lib/flows/account/contact-verification";
import { signInAfterActivation } from "@/lib/flows/sign-in/after-activation";
import { deliverAfterResponse } from "@/lib/messages/deliver-soon";
import { requestScope } from "@/lib/request/scope";
import { startBrowserSession } from "@/lib/session/cookie";
import { sessionTimes } from "@/lib/session/sessions";
import { activateSchema, type ActivateState, confirmActivationCodeSchema, requestActivationCodeSchema } from "./schema";

/** The link in the page authorises every step until the final submit spends it. */
async function fromLink(token: string, channel: string) {
  const { db, ctx } = await requestScope();
  const user = await activationUser(db, token, ctx.now);
  return { db, ctx, user, channel: parseChannel(channel) };
}

/** A dead link (or a channel the page never sends), said on the field of the form that was sent. */
const linkInvalid = (field: ContactField): ContactState => ({ errors: { [field]: "activate.errors.linkInvalid" } });

/** Back to the page, freshly rendered: what it shows (a code waiting, a saved address) lives in the database. */
function backToPage(token: string, query: string, channel: string): never {
  revalidatePath(`/activate/${token}`);
  redirect(`/activate/${token}${query}#${channel}`);
}

/** A code to the new e-mail address or phone number. */
export const requestActivationCodeAction = validatedAction(
  requestActivationCodeSchema,
  async ({ token, channel: typed, value }): Promise<ContactState> => {
    const { db, ctx, user, channel } = await fromLink(token, typed);
    if (!user || !channel) return linkInvalid("value");
    const result = await requestContactCode(db, { user, channel, value }, ctx);
    if (!result.ok) return requestRefusal(channel, result, value);
    deliverAfterResponse();
    backToPage(token, "", channel);
  },
);

/** The code back: the address or number is the account's, verified. */
export const confirmActivationCodeAction = validatedAction(
  confirmActivationCodeSchema,
  async ({ token, channel: typed, code }): Promise<ContactState> => {
    const { db, ctx, user, channel } = await fromLink(token, typed);
    if (!user || !channel) return linkInvalid("code");
    const result = await confirmContactCode(db, { user, channel, code }, ctx);
    if (!result.ok) return confirmRefusal(result);
    backToPage(token, `?saved=${channel}`, channel);
  },
);

/** A plain form (no state to answer with): the change waiting for its code is dropped. */
export async function cancelActivationChangeAction(formData: FormData): Promise<void> {
  const token = field(formData, "token");
  const { db, ctx, user, channel } = await fromLink(token, field(formData, "channel"));
  if (!user || !channel) redirect(`/activate/${encodeURIComponent(token)}`);
  await cancelContactChange(db, { user, channel }, ctx.now);
  backToPage(token, "", channel);
}

/** The final submit: the password set, the link spent, the account active and signed in. */
export const activateAction = validatedAction(
  activateSchema,
  async ({ token, password, repeat }): Promise<ActivateState> => {
    const { db, ctx } = await requestScope();
    const result = await activateAccount(db, { secret: token, password, repeat }, ctx);
    if (!result.ok) {
      if (result.reason === "link") return { errors: { form: "activate.errors.linkInvalid" } };
      const { code, ...params } = result.problem;
      if (code === "mismatch") return { errors: { repeat: "activate.errors.mismatch" } };
      return { errors: { password: `passwordPolicy.${code}` }, params };
    }
    // Signed in the way the login form signs in: the session row here, its cookie written directly.
    const session = await signInAfterActivation(
      db,
      { userId: result.userId },
      { ...ctx, sessionTimes: sessionTimes() },
    );
    // Active, but not signed in (an IP limit): the person signs in by hand.
    if (!session.ok) redirect("/login?callbackUrl=%2Faccount");
    await startBrowserSession(session);
    redirect("/account?activated=1");
  },
);
