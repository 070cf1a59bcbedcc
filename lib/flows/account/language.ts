import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { isLanguage, type Language } from "@/lib/i18n/languages";

export type LanguageChoice = { ok: true; language: Language } | { ok: false; reason: "unsupported" };

/**
 * The language switch (the header's and the account page's): any of the service's languages, for
 * anyone (the caller keeps it in the language cookie). A signed-in person's choice is also saved:
 * their pages and every message sent to them follow it.
 */
export async function chooseLanguage(
  db: Db,
  input: { userId: string | null; language: unknown },
  ctx: { now: Date },
): Promise<LanguageChoice> {
  if (!isLanguage(input.language)) return { ok: false, reason: "unsupported" };
  if (input.userId) {
    await db.update(users).set({ language: input.language, updatedAt: ctx.now }).where(eq(users.id, input.userId));
  }
  return { ok: true, language: input.language };
}
