"use server";

import { redirect } from "next/navigation";
import { validatedAction } from "@/app/ui/validated-action";
import { resetPasswordWithLink } from "@/lib/flows/password/reset-by-link";
import { deliverAfterResponse } from "@/lib/messages/deliver-soon";
import { requestScope } from "@/lib/request/scope";
import { passwordProblemMessage } from "@/app/(site)/(auth)/recovery-errors";
import { resetPasswordSchema, type ResetPasswordState } from "./schema";

/** The new password by the link, which it spends; the notice of the change goes out after the answer. */
export const resetPasswordAction = validatedAction(
  resetPasswordSchema,
  async ({ token, password }): Promise<ResetPasswordState> => {
    const { db, ctx } = await requestScope();
    const result = await resetPasswordWithLink(db, { secret: token, password }, ctx);
    if (!result.ok) {
      if (result.reason === "link") return { errors: { form: "recovery.errors.linkInvalid" } };
      const { key, params } = passwordProblemMessage(result.problem);
      return { errors: { password: key }, params };
    }
    deliverAfterResponse();
    redirect("/password-changed");
  },
);
