import { and, count, desc, eq } from "drizzle-orm";
import { inject } from "vitest";
import { connectPostgres, type Db } from "@/lib/db/client";
import { auditEvents, memberImports, outbox } from "@/lib/db/schema";
import { failForGood } from "@/lib/messages/outbox";
import { firstOf, userByEmail } from "../../helpers/fixtures";

/** Behind the pages: the e2e server's database, for what a browser cannot see. */
export async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const h = await connectPostgres(inject("databaseURL"), { prepare: false, max: 1 });
  try {
    return await fn(h.db);
  } finally {
    await h.close();
  }
}

export const userByEmailInDb = (email: string) => withDb((db) => userByEmail(db, email));

/**
 * Marks the newest message to `recipient` as failed for good, as a provider outage would leave it:
 * through the outbox's own last step (links removed, `message.failed` audited).
 */
export const failNewestMessage = (recipient: string) =>
  withDb(async (db) => {
    const row = await firstOf(
      db.select().from(outbox).where(eq(outbox.recipient, recipient)).orderBy(desc(outbox.createdAt)).limit(1),
      `a message to ${recipient}`,
    );
    await failForGood(db, { ...row, attempts: 8 }, eq(outbox.id, row.id), "550 mailbox unavailable", new Date());
    await db.update(outbox).set({ attempts: 8 }).where(eq(outbox.id, row.id));
    return row.id;
  });

export const messageRow = (id: string) =>
  withDb((db) => firstOf(db.select().from(outbox).where(eq(outbox.id, id)), `message ${id}`));

export const auditOf = (subjectUserId: string, event: string) =>
  withDb((db) =>
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectUserId, subjectUserId), eq(auditEvents.event, event))),
  );

export const importCount = () =>
  withDb(async (db) => (await firstOf(db.select({ n: count() }).from(memberImports), "a count")).n);
