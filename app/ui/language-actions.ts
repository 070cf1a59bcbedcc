"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { isProduction } from "@/lib/env";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import { chooseLanguage } from "@/lib/flows/account/language";
import { safeReturnPath } from "@/lib/session/return-path";

export async function switchLanguage(formData: FormData) {
  const returnTo = safeReturnPath(formData.get("returnTo"), "/");
  const current = await getCurrentUser();
  const choice = await chooseLanguage(
    await getDb(),
    { userId: current?.user.id ?? null, language: formData.get("locale") },
    { now: new Date() },
  );
  if (choice.ok) {
    (await cookies()).set(LOCALE_COOKIE, choice.language, {
      path: "/",
      sameSite: "lax",
      maxAge: 365 * 86400,
      secure: isProduction(),
    });
  }
  redirect(returnTo);
}
