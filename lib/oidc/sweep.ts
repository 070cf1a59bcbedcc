import { lt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { oidcModels } from "@/lib/db/schema";

/**
 * The provider's rows past their lifetime (codes, tokens, sessions, interactions): invisible to it
 * at once (lib/oidc/adapter.ts), deleted by the scheduled job.
 */
export async function sweepExpiredOidcModels(db: Db, now: Date): Promise<number> {
  const rows = await db.delete(oidcModels).where(lt(oidcModels.expiresAt, now)).returning({ id: oidcModels.id });
  return rows.length;
}
