import { and, eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { createSession, type SessionTimes } from "@/lib/session/sessions";
import type { Db } from "@/lib/db/client";
import { accounts, type Language, users } from "@/lib/db/schema";
import { consumeRateLimit } from "@/lib/rate-limit";
import { type OutsideAccount, validOutside } from "./links";
import type { FlowContext } from "@/lib/flows/context";

export type ExternalSignInResult =
  | { ok: true; userId: string; sessionId: string; language: Language }
  | { ok: false; reason: "notLinked" | "invalid" | "rateLimited" };

/**
 * A sign-in through a provider: only an outside account linked to an active person opens a
 * session. An unknown one creates nothing and joins nothing. Counted against the same per-IP
 * limit as password sign-ins, and audited alike.
 */
export async function signInWithExternalAccount(
  db: Db,
  input: { outside: OutsideAccount; sessionTimes: SessionTimes },
  ctx: FlowContext,
): Promise<ExternalSignInResult> {
  const { provider, providerAccountId } = input.outside;
  const limit = await consumeRateLimit(db, "loginPerIp", ctx.ip);
  if (!limit.allowed) {
    await recordAudit(db, {
      event: "login.rate_limited",
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { method: provider },
    });
    return { ok: false, reason: "rateLimited" };
  }
  if (!validOutside(input.outside)) return { ok: false, reason: "invalid" };
  const [row] = await db
    .select({ id: users.id, organizationId: users.organizationId, status: users.status, language: users.language })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.userId))
    .where(and(eq(accounts.provider, provider), eq(accounts.providerAccountId, providerAccountId)))
    .limit(1);
  if (!row) {
    await recordAudit(db, {
      event: "login.failed",
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { method: provider, reason: "notLinked" },
    });
    return { ok: false, reason: "notLinked" };
  }
  if (row.status !== "active") {
    await recordAudit(db, {
      event: "login.failed",
      organizationId: row.organizationId,
      subjectUserId: row.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { method: provider, reason: "notActive" },
    });
    return { ok: false, reason: "invalid" };
  }
  const sessionId = await db.transaction(async (tx) => {
    await tx.update(users).set({ lastLoginAt: ctx.now }).where(eq(users.id, row.id));
    const id = await createSession(tx, {
      userId: row.id,
      method: provider,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      now: ctx.now,
      times: input.sessionTimes,
    });
    await recordAudit(tx, {
      event: "login.succeeded",
      organizationId: row.organizationId,
      actorUserId: row.id,
      subjectUserId: row.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { method: provider },
    });
    return id;
  });
  return { ok: true, userId: row.id, sessionId, language: row.language };
}
