import { and, eq, isNotNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type MemberImport, memberImports, organizations } from "@/lib/db/schema";
import { withoutAsciiControls } from "@/lib/validation/text";
import { IMPORT_KEEP_HOURS, importExpired } from "./import-apply";
import type { FileProblem } from "./import-file";
import { type ImportPlan, planImport } from "./import-plan";
import { isUuid } from "@/lib/validation/uuid";
import type { AdminScope } from "./scope";

export { applyImport, IMPORT_KEEP_HOURS } from "./import-apply";
export { IMPORT_MAX_BYTES } from "./import-file";
export { type PlannedRow, planImport } from "./import-plan";

export type CheckImportResult =
  | { ok: true; importId: string; plan: Extract<ImportPlan, { ok: true }> }
  | { ok: false; reason: FileProblem; line?: number };

/** Step one: check the uploaded file and keep it, so "apply" acts on exactly what was shown. */
export async function checkImport(
  db: Db,
  scope: AdminScope,
  input: { fileName: string; bytes: Uint8Array },
  ctx: { now: Date },
): Promise<CheckImportResult> {
  const [organization] = await db.select().from(organizations).where(eq(organizations.id, scope.organizationId));
  if (!organization) return { ok: false, reason: "empty" };
  const plan = await planImport(db, organization, input.bytes);
  if (!plan.ok) return plan;
  const fileName = withoutAsciiControls(input.fileName).slice(0, 200) || "import.csv";
  const [row] = await db
    .insert(memberImports)
    .values({
      organizationId: organization.id,
      actorUserId: scope.actorUserId,
      fileName,
      content: new TextDecoder().decode(input.bytes),
      summary: plan.summary,
      createdAt: ctx.now,
    })
    .returning({ id: memberImports.id });
  if (!row) throw new Error("checkImport: the insert returned no row");
  return { ok: true, importId: row.id, plan };
}

export type LoadedImport = MemberImport & {
  /** Null once the content is gone: applied (the counts stay in `summary`) or past its keeping time. */
  plan: ImportPlan | null;
  expired: boolean;
};

/** A checked import of the scope's organisation (null for another's or an unknown id). */
export async function loadImport(
  db: Db,
  scope: AdminScope,
  importId: string,
  now = new Date(),
): Promise<LoadedImport | null> {
  if (!isUuid(importId)) return null;
  const [row] = await db
    .select({ memberImport: memberImports, organization: organizations })
    .from(memberImports)
    .innerJoin(organizations, eq(organizations.id, memberImports.organizationId))
    .where(and(eq(memberImports.id, importId), eq(memberImports.organizationId, scope.organizationId)));
  if (!row) return null;
  const { content } = row.memberImport;
  const expired = importExpired(row.memberImport, now);
  const plan =
    content === null || expired ? null : await planImport(db, row.organization, new TextEncoder().encode(content));
  return { ...row.memberImport, plan, expired };
}

/** Recent imports of the organisation, for the import page. */
export async function recentImports(db: Db, scope: AdminScope) {
  return db
    .select({
      id: memberImports.id,
      fileName: memberImports.fileName,
      summary: memberImports.summary,
      status: memberImports.status,
      createdAt: memberImports.createdAt,
      appliedAt: memberImports.appliedAt,
    })
    .from(memberImports)
    .where(eq(memberImports.organizationId, scope.organizationId))
    .orderBy(sql`${memberImports.createdAt} DESC`)
    .limit(10);
}

/**
 * Retention, run by the cron job: an applied register's content is cleared (apply already does
 * it; this catches rows from before), and a dry run not applied within IMPORT_KEEP_HOURS is
 * deleted with its content. The names, addresses and numbers of a register live no longer.
 */
export async function sweepMemberImports(db: Db, now: Date): Promise<{ cleared: number; deleted: number }> {
  const cleared = await db
    .update(memberImports)
    .set({ content: null })
    .where(and(eq(memberImports.status, "applied"), isNotNull(memberImports.content)))
    .returning({ id: memberImports.id });
  const deleted = await db
    .delete(memberImports)
    .where(
      and(
        eq(memberImports.status, "checked"),
        lt(memberImports.createdAt, new Date(now.getTime() - IMPORT_KEEP_HOURS * 3_600_000)),
      ),
    )
    .returning({ id: memberImports.id });
  return { cleared: cleared.length, deleted: deleted.length };
}
