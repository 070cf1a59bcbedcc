"use server";

import { redirect } from "next/navigation";
import { field } from "@/app/ui/form-values";
import { resetPasswordWithLink } from "@/lib/flows/password/reset-by-link";
import { deliverAfterResponse } from "@/lib/messages/deliver-soon";
import { requestScope } from "@/lib/request/scope";
import { passwordProblemMessage } from "@/app/(site)/(auth)/recovery-errors";

export type ResetPasswordState = { error?: string; params?: Record<string, number>; linkInvalid?: boolean };

export async function resetPassword(_prev: ResetPasswordState, formData: FormData): Promise<ResetPasswordState> {
  const { db, ctx } = await requestScope();
  const result = await resetPasswordWithLink(
    db,
    { secret: field(formData, "token"), password: field(formData, "password") },
    ctx,
  );
  if (!result.ok) {
    if (result.reason === "link") return { linkInvalid: true, error: "recovery.errors.linkInvalid" };
    const { key, params } = passwordProblemMessage(result.problem);
    return { error: key, params };
  }
  deliverAfterResponse();
  redirect("/password-changed");
}
