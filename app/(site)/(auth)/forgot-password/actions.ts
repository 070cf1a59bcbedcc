"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { field } from "@/app/ui/form-values";
import { getDb } from "@/lib/db/client";
import { passwordMinimumFor } from "@/lib/flows/password/minimum";
import { appOrigin } from "@/lib/env";
import { requestResetCode, resetPasswordWithCode } from "@/lib/flows/password/reset-by-code";
import { deferAfterResponse, deliverAfterResponse } from "@/lib/messages/deliver-soon";
import { requestContextFrom } from "@/lib/request/context";
import { channelRefusalKey, passwordProblemMessage, resetCodeErrorKey } from "@/app/(site)/(auth)/recovery-errors";

/** Step one answers with `identifier` set (the code form shows); step two keeps it. */
export type ForgotPasswordState = {
  identifier?: string;
  /** With `identifier`: the shortest password its organisation accepts, for the hint. */
  minLength?: number;
  /** Step one refused: what was typed, back in its field. */
  typed?: string;
  channel?: string;
  errors?: { identifier?: string; channel?: string; code?: string; password?: string; repeat?: string; form?: string };
  params?: Record<string, number>;
};

const context = async () => ({ now: new Date(), ...requestContextFrom(await headers()) });

export async function requestCode(_prev: ForgotPasswordState, formData: FormData): Promise<ForgotPasswordState> {
  const identifier = field(formData, "identifier");
  const channel = field(formData, "channel");
  const result = await requestResetCode(
    await getDb(),
    { identifier, channel },
    { ...(await context()), defer: deferAfterResponse },
  );
  if (!result.ok) {
    const key = resetCodeErrorKey(result.reason);
    const kept = { typed: identifier.length <= 200 ? identifier : "", channel };
    if (result.reason === "rateLimited") return { errors: { form: key }, ...kept };
    // When a new code may be asked for: the same for every name, so it can be said.
    if (result.reason === "cooldown")
      return { errors: { form: key }, params: { seconds: result.retryAfterSeconds }, ...kept };
    if (result.reason === "dailyCap")
      return { errors: { form: key }, params: { hours: Math.ceil(result.retryAfterSeconds / 3600) }, ...kept };
    if (result.reason === "channelNotAllowed")
      return { errors: { channel: channelRefusalKey(channel, result.allowed) }, ...kept };
    return result.reason === "channelMissing"
      ? { errors: { channel: key }, typed: kept.typed }
      : { errors: { identifier: key }, ...kept };
  }
  return { identifier: identifier.trim(), channel, minLength: await passwordMinimumFor(await getDb(), identifier) };
}

export async function resetWithCode(prev: ForgotPasswordState, formData: FormData): Promise<ForgotPasswordState> {
  const state = await resetWithCodeAnswer(prev, formData);
  return state.identifier ? { ...state, minLength: await passwordMinimumFor(await getDb(), state.identifier) } : state;
}

async function resetWithCodeAnswer(_prev: ForgotPasswordState, formData: FormData): Promise<ForgotPasswordState> {
  const identifier = field(formData, "identifier").slice(0, 200);
  const password = field(formData, "password");
  const repeat = field(formData, "repeat");
  if (password && !repeat) return { identifier, errors: { repeat: "recovery.errors.repeatEmpty" } };
  const result = await resetPasswordWithCode(
    await getDb(),
    { identifier, code: field(formData, "code"), password, repeat },
    { ...(await context()), appOrigin: appOrigin(), defer: deferAfterResponse },
  );
  if (!result.ok) {
    if (result.reason === "rateLimited") return { identifier, errors: { form: resetCodeErrorKey(result.reason) } };
    if (result.reason !== "password") return { identifier, errors: { code: resetCodeErrorKey(result.reason) } };
    const { key, params } = passwordProblemMessage(result.problem);
    if (result.problem.code === "mismatch") return { identifier, errors: { repeat: key } };
    return { identifier, errors: { password: key }, params };
  }
  deliverAfterResponse();
  redirect("/password-changed");
}
