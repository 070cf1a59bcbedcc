"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/guards";
import { isProduction } from "@/lib/env";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import { chooseLanguage } from "@/lib/flows/account/language";
import { requestScope } from "@/lib/request/scope";
import { safeReturnPath } from "@/lib/session/return-path";
import { parseForm } from "./validated-action";

// chooseLanguage takes only the service's languages; a return path off the site is "/".
const languageSchema = z.object({
  locale: z.string(),
  returnTo: z.string().transform((path) => safeReturnPath(path, "/")),
});

/** The language switch (the header's and the account page's): the cookie, and a signed-in person's choice saved. */
export async function switchLanguageAction(formData: FormData) {
  const { locale, returnTo } = parseForm(languageSchema, formData);
  const current = await getCurrentUser();
  const { db, ctx } = await requestScope();
  const choice = await chooseLanguage(db, { userId: current?.user.id ?? null, language: locale }, ctx);
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
