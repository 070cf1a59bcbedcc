"use server";

import { CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth";
import { findEnabledProvider } from "@/lib/auth/external-config";
import { safeReturnPath } from "@/lib/auth/return-path";
import { env } from "@/lib/env";
import { type LoginFormState, parseLoginForm } from "./schema";

export async function login(_prev: LoginFormState, formData: FormData): Promise<LoginFormState> {
  const parsed = parseLoginForm(formData);
  if (!parsed.ok) return parsed.state;
  try {
    await signIn("credentials", {
      identifier: parsed.data.identifier,
      password: parsed.data.password,
      redirectTo: safeReturnPath(formData.get("callbackUrl")),
    });
    return {};
  } catch (error) {
    // signIn() redirects by throwing, and a failure of ours (database down) must not pass for a
    // wrong password: only a refused sign-in becomes a form message.
    if (!(error instanceof CredentialsSignin)) throw error;
    const rateLimited = error.code === "rate_limited";
    return {
      identifier: parsed.data.identifier,
      errors: { form: rateLimited ? "errors.rateLimited" : "errors.invalid" },
    };
  }
}

/** "Sign in with …": off to the provider's consent page, and back through Auth.js's callback. */
export async function signInWithProvider(formData: FormData) {
  const provider = findEnabledProvider(env(), formData.get("provider"));
  if (!provider) redirect("/login?error=external");
  await signIn(provider.id, { redirectTo: safeReturnPath(formData.get("callbackUrl")) });
}
