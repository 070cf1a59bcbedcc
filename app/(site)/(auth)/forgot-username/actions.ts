"use server";

import { echo } from "@/app/ui/form-state";
import { validatedAction } from "@/app/ui/validated-action";
import { appOrigin } from "@/lib/env";
import { remindUsernames } from "@/lib/flows/recovery/forgot-username";
import { requestScope } from "@/lib/request/scope";
import { CONTACT_MAX } from "@/lib/validation/limits";
import { contactErrorKey } from "@/app/(site)/(auth)/recovery-errors";
import { forgotUsernameSchema, type ForgotUsernameState } from "./schema";

/** The usernames to the address or number, never onto the screen; the lookup runs after the answer. */
export const forgotUsernameAction = validatedAction(
  forgotUsernameSchema,
  async ({ contact }): Promise<ForgotUsernameState> => {
    const { db, ctx } = await requestScope();
    const result = await remindUsernames(db, { contact }, { ...ctx, appOrigin: appOrigin() });
    if (!result.ok)
      return { errors: { contact: contactErrorKey(result.reason) }, values: { contact: echo(contact, CONTACT_MAX) } };
    return { sent: true };
  },
);
