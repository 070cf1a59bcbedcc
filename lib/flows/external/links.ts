import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { type SessionTimes, validateSession } from "@/lib/session/sessions";
import type { Db } from "@/lib/db/client";
import { accounts, users } from "@/lib/db/schema";
import { isUuid } from "@/lib/validation/uuid";
import type { FlowContext, FlowResult } from "@/lib/flows/context";
import { withoutControlCharacters } from "@/lib/validation/text";

/** What a provider told us about the outside account, after its own checks (state, PKCE, nonce). */
export type OutsideAccount = { provider: string; providerAccountId: string; label?: string | null };

const LABEL_MAX = 200;
// Control characters from a provider's profile never reach a page or the audit log.
const cleanLabel = (label?: string | null) =>
  (label && withoutControlCharacters(label).trim().slice(0, LABEL_MAX)) || null;
export const validOutside = (o: OutsideAccount) =>
  o.provider.length > 0 &&
  o.provider.length <= 64 &&
  o.providerAccountId.length > 0 &&
  o.providerAccountId.length <= 255;

export type LinkedAccount = { id: string; provider: string; label: string | null; createdAt: Date };

export async function listExternalAccounts(db: Db, userId: string): Promise<LinkedAccount[]> {
  return db
    .select({ id: accounts.id, provider: accounts.provider, label: accounts.label, createdAt: accounts.createdAt })
    .from(accounts)
    .where(eq(accounts.userId, userId))
    .orderBy(asc(accounts.createdAt));
}

export type LinkResult = FlowResult<
  { provider: string },
  "sessionEnded" | "alreadyLinked" | "linkedToOther" | "providerTaken" | "invalid"
>;

/**
 * Links an outside account to the person whose session asked for it. Never to anybody else: the
 * session must still be active and belong to that person, and an outside account already linked
 * to another person stays theirs.
 */
export async function linkExternalAccount(
  db: Db,
  input: { userId: string; sessionId: string; outside: OutsideAccount; sessionTimes: SessionTimes },
  ctx: FlowContext,
): Promise<LinkResult> {
  if (!validOutside(input.outside)) return { ok: false, reason: "invalid" };
  const session = await validateSession(db, input.sessionId, ctx.now, input.sessionTimes);
  if (!session || session.userId !== input.userId) return { ok: false, reason: "sessionEnded" };
  const { provider, providerAccountId } = input.outside;
  return db.transaction(async (tx) => {
    // The person's row is the lock: two links at once for one person cannot both pass the checks.
    const [user] = await tx
      .select({ id: users.id, organizationId: users.organizationId })
      .from(users)
      .where(eq(users.id, input.userId))
      .for("no key update");
    if (!user) return { ok: false, reason: "sessionEnded" } as const;
    const [existing] = await tx
      .select({ userId: accounts.userId })
      .from(accounts)
      .where(and(eq(accounts.provider, provider), eq(accounts.providerAccountId, providerAccountId)));
    if (existing)
      return { ok: false, reason: existing.userId === user.id ? "alreadyLinked" : "linkedToOther" } as const;
    const [sameProvider] = await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.userId, user.id), eq(accounts.provider, provider)));
    if (sameProvider) return { ok: false, reason: "providerTaken" } as const;
    const inserted = await tx
      .insert(accounts)
      .values({
        userId: user.id,
        provider,
        providerAccountId,
        label: cleanLabel(input.outside.label),
        createdAt: ctx.now,
      })
      .onConflictDoNothing()
      .returning({ id: accounts.id });
    // Another person linked the same outside account in the same instant.
    if (inserted.length === 0) return { ok: false, reason: "linkedToOther" } as const;
    await recordAudit(tx, {
      event: "external.linked",
      organizationId: user.organizationId,
      actorUserId: user.id,
      subjectUserId: user.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { provider },
    });
    return { ok: true, provider } as const;
  });
}

export type UnlinkResult = FlowResult<{ provider: string }, "notFound" | "lastWayIn">;

/**
 * Removes a link of the person's own, unless it is their only way to sign in. A link to a
 * provider the operator has switched off is no way in: it neither blocks its own removal nor
 * counts as the way in that would remain.
 */
export async function unlinkExternalAccount(
  db: Db,
  input: { userId: string; accountId: string; enabledProviders: readonly string[] },
  ctx: FlowContext,
): Promise<UnlinkResult> {
  if (!isUuid(input.accountId)) return { ok: false, reason: "notFound" };
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({
        id: users.id,
        organizationId: users.organizationId,
        hasPassword: sql<boolean>`${users.passwordHash} IS NOT NULL`,
      })
      .from(users)
      .where(eq(users.id, input.userId))
      .for("no key update");
    if (!user) return { ok: false, reason: "notFound" } as const;
    const [link] = await tx
      .select({ id: accounts.id, provider: accounts.provider })
      .from(accounts)
      .where(and(eq(accounts.id, input.accountId), eq(accounts.userId, user.id)));
    if (!link) return { ok: false, reason: "notFound" } as const;
    if (!user.hasPassword && input.enabledProviders.includes(link.provider)) {
      const [other] = await tx
        .select({ id: accounts.id })
        .from(accounts)
        .where(
          and(
            eq(accounts.userId, user.id),
            ne(accounts.id, link.id),
            inArray(accounts.provider, [...input.enabledProviders]),
          ),
        )
        .limit(1);
      if (!other) return { ok: false, reason: "lastWayIn" } as const;
    }
    await tx.delete(accounts).where(eq(accounts.id, link.id));
    await recordAudit(tx, {
      event: "external.unlinked",
      organizationId: user.organizationId,
      actorUserId: user.id,
      subjectUserId: user.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { provider: link.provider },
    });
    return { ok: true, provider: link.provider } as const;
  });
}
