import { timingSafeEqual } from "node:crypto";
import { lt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { rateLimits } from "@/lib/db/schema";
import { sweepMemberImports } from "@/lib/flows/admin/member-import";
import { sweepExpiredOidcModels } from "@/lib/oidc/sweep";
import { type DeliveryReport, deliverAllDue } from "@/lib/messages/outbox";
import type { Transports } from "@/lib/messages/transports/types";

/** `Authorization: Bearer <CRON_SECRET>`, compared in constant time. */
export function isCronAuthorized(header: string | null, secret: string | undefined): boolean {
  if (!secret || !header?.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice("Bearer ".length));
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The periodic job: send what is due (retries included), sweep expired rate-limit counters, and
 * drop member registers past their keeping time and the OpenID Provider's expired rows.
 */
export async function runOutboxJob(
  db: Db,
  transports: Transports,
  opts: { budgetMs: number; now?: () => Date },
): Promise<
  DeliveryReport & {
    sweptRateLimits: number;
    sweptImports: { cleared: number; deleted: number };
    sweptOidcModels: number;
  }
> {
  const report = await deliverAllDue(db, { transports, budgetMs: opts.budgetMs, now: opts.now });
  const now = (opts.now ?? (() => new Date()))();
  const swept = await db.delete(rateLimits).where(lt(rateLimits.expire, now)).returning({ key: rateLimits.key });
  const sweptImports = await sweepMemberImports(db, now);
  const sweptOidcModels = await sweepExpiredOidcModels(db, now);
  return { ...report, sweptRateLimits: swept.length, sweptImports, sweptOidcModels };
}
