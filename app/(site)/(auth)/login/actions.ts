"use server";

import { redirect } from "next/navigation";
import { validatedAction } from "@/app/ui/validated-action";
import { signIn } from "@/lib/auth";
import { findEnabledProvider } from "@/lib/auth/external-config";
import { afterSignInResponse } from "@/lib/auth/sign-in-bookkeeping";
import { env } from "@/lib/env";
import { signInWithPassword } from "@/lib/flows/sign-in/login";
import { requestScope } from "@/lib/request/scope";
import { startBrowserSession } from "@/lib/session/cookie";
import { safeReturnPath } from "@/lib/session/return-path";
import { sessionTimes } from "@/lib/session/sessions";
import { loginEcho, loginSchema, type LoginState } from "./schema";

/**
 * The password sign-in. Every refusal by the flow is the same answer, whatever the reason; its
 * bookkeeping runs after the response (`afterSignInResponse`), a notice's links point at the
 * configured origin (none in demo mode without one).
 */
export const loginAction = validatedAction(
  loginSchema,
  async (data, _prev: LoginState, formData): Promise<LoginState> => {
    const { db, ctx } = await requestScope();
    const result = await signInWithPassword(db, data, {
      ...ctx,
      sessionTimes: sessionTimes(),
      appOrigin: ctx.appOrigin ?? null,
      defer: afterSignInResponse,
    });
    if (!result.ok) {
      const form = result.reason === "rateLimited" ? "login.errors.rateLimited" : "login.errors.invalid";
      return { errors: { form }, values: { identifier: data.identifier } };
    }
    await startBrowserSession(result);
    redirect(safeReturnPath(formData.get("callbackUrl")));
  },
  { echo: loginEcho },
);

/** "Sign in with …": off to the provider's consent page, and back through Auth.js's callback. */
export async function signInWithProviderAction(formData: FormData) {
  const provider = findEnabledProvider(env(), formData.get("provider"));
  if (!provider) redirect("/login?error=external");
  await signIn(provider.id, { redirectTo: safeReturnPath(formData.get("callbackUrl")) });
}
