import { AsyncLocalStorage } from "node:async_hooks";
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { errors } from "oidc-provider";
import type { Db } from "@/lib/db/client";
import { oidcModels } from "@/lib/db/schema";

type Payload = Record<string, unknown> & {
  grantId?: string;
  uid?: string;
  userCode?: string;
  accountId?: string;
  clientId?: string;
  consumed?: number;
};

/**
 * The Tunnus session a request to the provider runs under (lib/oidc/session-binding.ts). An
 * OpenID session saved during the request is tied to it, so signing out of Tunnus ends it too.
 */
export const boundTunnusSession = new AsyncLocalStorage<{ tunnusSessionId: string | null }>();

/**
 * Every id the provider makes is a short printable string; anything else a client sends (a NUL,
 * 10 000 characters) is no id at all, and must not reach the database, which would refuse it.
 */
export const plausibleId = (value: unknown): value is string =>
  typeof value === "string" && /^[\x21-\x7e]{1,512}$/.test(value);

/**
 * oidc-provider's storage interface over one table (`oidc_models`), one instance per model
 * name. Expired rows are invisible at once and deleted by the cron sweep (`purgeExpiredOidcModels`).
 */
export function drizzleAdapter(getDb: () => Promise<Db>) {
  return class DrizzleAdapter {
    constructor(private readonly kind: string) {}

    private where(id: string) {
      return and(eq(oidcModels.kind, this.kind), eq(oidcModels.id, id));
    }

    private static live() {
      return or(isNull(oidcModels.expiresAt), gt(oidcModels.expiresAt, sql`now()`));
    }

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const db = await getDb();
      const expiresAt = typeof expiresIn === "number" ? new Date(Date.now() + expiresIn * 1000) : null;
      const tunnusSessionId = this.kind === "Session" ? (boundTunnusSession.getStore()?.tunnusSessionId ?? null) : null;
      const columns = {
        payload,
        grantId: payload.grantId ?? null,
        uid: payload.uid ?? null,
        userCode: payload.userCode ?? null,
        accountId: payload.accountId ?? null,
        // An interaction names its service only among the request's parameters.
        clientId: payload.clientId ?? (payload.params as { client_id?: string } | undefined)?.client_id ?? null,
        expiresAt,
        ...(this.kind === "Session" ? { tunnusSessionId } : {}),
      };
      await db
        .insert(oidcModels)
        .values({ kind: this.kind, id, ...columns })
        .onConflictDoUpdate({ target: [oidcModels.kind, oidcModels.id], set: columns });
    }

    private async findBy(condition: ReturnType<typeof and>): Promise<Payload | undefined> {
      const db = await getDb();
      const [row] = await db
        .select({ payload: oidcModels.payload, consumedAt: oidcModels.consumedAt })
        .from(oidcModels)
        .where(and(eq(oidcModels.kind, this.kind), condition, DrizzleAdapter.live()))
        .limit(1);
      if (!row) return undefined;
      const payload = row.payload as Payload;
      return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
    }

    async find(id: string) {
      return plausibleId(id) ? this.findBy(eq(oidcModels.id, id)) : undefined;
    }

    async findByUid(uid: string) {
      return plausibleId(uid) ? this.findBy(eq(oidcModels.uid, uid)) : undefined;
    }

    async findByUserCode(userCode: string) {
      return plausibleId(userCode) ? this.findBy(eq(oidcModels.userCode, userCode)) : undefined;
    }

    /**
     * Spent at most once, even by requests racing each other: oidc-provider reads, checks and
     * then consumes, so two parallel exchanges of one code could both pass its check. Only the
     * one whose UPDATE marks the row wins; the other is treated as a replay and ends the grant.
     */
    async consume(id: string): Promise<void> {
      const db = await getDb();
      const won = await db
        .update(oidcModels)
        .set({ consumedAt: sql`now()` })
        .where(and(this.where(id), isNull(oidcModels.consumedAt)))
        .returning({ id: oidcModels.id });
      if (won.length > 0) return;
      const [row] = await db.select({ grantId: oidcModels.grantId }).from(oidcModels).where(this.where(id));
      if (row?.grantId) await db.delete(oidcModels).where(eq(oidcModels.grantId, row.grantId));
      throw new errors.InvalidGrant("already used");
    }

    async destroy(id: string): Promise<void> {
      const db = await getDb();
      await db.delete(oidcModels).where(this.where(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      const db = await getDb();
      await db.delete(oidcModels).where(eq(oidcModels.grantId, grantId));
    }
  };
}
