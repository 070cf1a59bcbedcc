"use server";

import { redirect } from "next/navigation";
import { echo } from "@/app/ui/form-state";
import { validatedAction } from "@/app/ui/validated-action";
import { appOrigin } from "@/lib/env";
import { passwordMinimumFor } from "@/lib/flows/password/minimum";
import {
  requestResetCode,
  type RequestResetCodeResult,
  resetPasswordWithCode,
} from "@/lib/flows/password/reset-by-code";
import { deliverAfterResponse } from "@/lib/messages/deliver-soon";
import { requestScope } from "@/lib/request/scope";
import { IDENTIFIER_MAX } from "@/lib/validation/limits";
import { channelRefusalKey, passwordProblemMessage, resetCodeErrorKey } from "@/app/(site)/(auth)/recovery-errors";
import {
  type RequestResetCodeState,
  requestResetCodeSchema,
  type ResetWithCodeState,
  resetWithCodeSchema,
} from "./schema";

/** Where step one's refusal is shown, with what was typed (the channel only where it was one). */
function requestRefused(
  result: Exclude<RequestResetCodeResult, { ok: true }>,
  identifier: string,
  channel: string,
): RequestResetCodeState {
  const key = resetCodeErrorKey(result.reason);
  const values = { identifier: echo(identifier, IDENTIFIER_MAX), channel };
  if (result.reason === "rateLimited") return { errors: { form: key }, values };
  // When a new code may be asked for: the same for every name, so it can be said.
  if (result.reason === "cooldown")
    return { errors: { form: key }, params: { seconds: result.retryAfterSeconds }, values };
  if (result.reason === "dailyCap")
    return { errors: { form: key }, params: { hours: Math.ceil(result.retryAfterSeconds / 3600) }, values };
  if (result.reason === "channelNotAllowed")
    return { errors: { channel: channelRefusalKey(channel, result.allowed) }, values };
  return result.reason === "channelMissing"
    ? { errors: { channel: key }, values: { identifier: values.identifier } }
    : { errors: { identifier: key }, values };
}

/** Step one: a code by the chosen channel. Whatever depends on the account runs after the answer. */
export const requestResetCodeAction = validatedAction(
  requestResetCodeSchema,
  async ({ identifier, channel }): Promise<RequestResetCodeState> => {
    const { db, ctx } = await requestScope();
    const result = await requestResetCode(db, { identifier, channel }, ctx);
    if (!result.ok) return requestRefused(result, identifier, channel);
    return { values: { identifier: identifier.trim(), channel }, minLength: await passwordMinimumFor(db, identifier) };
  },
);

const resetWithCode = validatedAction(
  resetWithCodeSchema,
  async ({ identifier, code, password, repeat }): Promise<ResetWithCodeState> => {
    const { db, ctx } = await requestScope();
    const result = await resetPasswordWithCode(
      db,
      { identifier, code, password, repeat },
      { ...ctx, appOrigin: appOrigin() },
    );
    const values = { identifier };
    if (!result.ok) {
      if (result.reason === "rateLimited") return { errors: { form: resetCodeErrorKey(result.reason) }, values };
      if (result.reason !== "password") return { errors: { code: resetCodeErrorKey(result.reason) }, values };
      const { key, params } = passwordProblemMessage(result.problem);
      if (result.problem.code === "mismatch") return { errors: { repeat: key }, values };
      return { errors: { password: key }, params, values };
    }
    deliverAfterResponse();
    redirect("/password-changed");
  },
  { echo: { identifier: IDENTIFIER_MAX } },
);

/** Step two: the code and the new password; every refusal carries the organisation's minimum for the hint. */
export async function resetWithCodeAction(prev: ResetWithCodeState, formData: FormData): Promise<ResetWithCodeState> {
  const state = await resetWithCode(prev, formData);
  const identifier = state.values?.identifier;
  if (!identifier) return state;
  const { db } = await requestScope();
  return { ...state, minLength: await passwordMinimumFor(db, identifier) };
}
