"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth";
import { findEnabledProvider } from "@/lib/auth/external-config";
import { afterSignInResponse, noticeOrigin } from "@/lib/auth/sign-in-bookkeeping";
import { getDb } from "@/lib/db/client";
import { signInWithPassword } from "@/lib/flows/sign-in/login";
import { requestContextFrom } from "@/lib/request/context";
import { env } from "@/lib/env";
import { startBrowserSession } from "@/lib/session/cookie";
import { safeReturnPath } from "@/lib/session/return-path";
import { sessionTimes } from "@/lib/session/sessions";
import { type LoginFormState, parseLoginForm } from "./schema";

export async function login(_prev: LoginFormState, formData: FormData): Promise<LoginFormState> {
  const parsed = parseLoginForm(formData);
  if (!parsed.ok) return parsed.state;
  const result = await signInWithPassword(await getDb(), parsed.data, {
    ...requestContextFrom(await headers()),
    now: new Date(),
    sessionTimes: sessionTimes(),
    appOrigin: noticeOrigin(),
    defer: afterSignInResponse,
  });
  if (!result.ok) {
    return {
      identifier: parsed.data.identifier,
      errors: { form: result.reason === "rateLimited" ? "errors.rateLimited" : "errors.invalid" },
    };
  }
  await startBrowserSession(result);
  redirect(safeReturnPath(formData.get("callbackUrl")));
}

/** "Sign in with …": off to the provider's consent page, and back through Auth.js's callback. */
export async function signInWithProvider(formData: FormData) {
  const provider = findEnabledProvider(env(), formData.get("provider"));
  if (!provider) redirect("/login?error=external");
  await signIn(provider.id, { redirectTo: safeReturnPath(formData.get("callbackUrl")) });
}
