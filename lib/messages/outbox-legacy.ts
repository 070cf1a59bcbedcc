import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";
import { scrubProps } from "./templates";

/**
 * Rows that failed for good before migration 0006 kept their links and codes in clear (the old
 * "send again" reused them). Now a failed message keeps none: scrub them. Waiting rows are left
 * alone: they are sent (and scrubbed) soon, and sealing them would need AUTH_SECRET here.
 * Idempotent; returns how many rows it changed.
 */
export async function scrubFailedLegacyRows(db: Db): Promise<number> {
  let changed = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await db
      .select({ id: outbox.id, template: outbox.template, props: outbox.props })
      .from(outbox)
      .where(and(eq(outbox.status, "failed"), gt(outbox.id, after)))
      .orderBy(asc(outbox.id))
      .limit(500);
    const last = rows.at(-1);
    if (!last) return changed;
    after = last.id;
    for (const row of rows) {
      const scrubbed = scrubProps(row.template, row.props);
      if (JSON.stringify(scrubbed) === JSON.stringify(row.props)) continue;
      await db
        .update(outbox)
        .set({ props: scrubbed })
        .where(and(eq(outbox.id, row.id), eq(outbox.status, "failed")));
      changed++;
    }
  }
}
