"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/guards";
import { safeReturnPath } from "@/lib/session/return-path";
import { getDb } from "@/lib/db/client";
import { isProduction } from "@/lib/env";
import { saveLanguage } from "@/lib/flows/preferences";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/config";

export async function switchLanguage(formData: FormData) {
  const locale = formData.get("locale");
  const returnTo = safeReturnPath(formData.get("returnTo"), "/");
  if (isLocale(locale)) {
    (await cookies()).set(LOCALE_COOKIE, locale, {
      path: "/",
      sameSite: "lax",
      maxAge: 365 * 86400,
      secure: isProduction(),
    });
    const current = await getCurrentUser();
    if (current) await saveLanguage(await getDb(), current.user.id, locale);
  }
  redirect(returnTo);
}
