import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type Language, users } from "@/lib/db/schema";

/** The person's language: their pages and every message sent to them follow it. */
export async function saveLanguage(db: Db, userId: string, language: Language): Promise<void> {
  await db.update(users).set({ language, updatedAt: new Date() }).where(eq(users.id, userId));
}
