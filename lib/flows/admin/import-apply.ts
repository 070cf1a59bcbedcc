import { and, eq, inArray, isNull } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import {
  auditEvents,
  type MemberImport,
  memberImports,
  oneTimeTokens,
  type Organization,
  organizations,
  type User,
  users,
} from "@/lib/db/schema";
import { activationMessage } from "./users";
import { enqueueMany } from "@/lib/messages/outbox";
import { createFirstLinkTokens } from "@/lib/tokens/tokens";
import { isUuid } from "@/lib/validation/uuid";
import { type PlannedRow, planImport } from "./import-plan";
import { type AdminScope, auditActor } from "./scope";

/** A register is personal data: a dry run never applied is kept this long, then swept (see sweepMemberImports). */
export const IMPORT_KEEP_HOURS = 24;
export const importExpired = (row: MemberImport, now: Date) =>
  row.status === "checked" && now.getTime() - row.createdAt.getTime() > IMPORT_KEEP_HOURS * 3_600_000;

export type ApplyImportResult =
  | { ok: true; created: number; changed: number; skipped: number; activationsSent: number }
  | { ok: false; reason: "notFound" | "alreadyApplied" | "fileChanged" | "expired" };

const BATCH = 1000;
const chunks = <T>(xs: T[]) =>
  Array.from({ length: Math.ceil(xs.length / BATCH) }, (_, i) => xs.slice(i * BATCH, (i + 1) * BATCH));

async function insertNew(tx: Db, organization: Organization, rows: PlannedRow[], now: Date): Promise<User[]> {
  const numbers = organization.identifierKind === "membership_number";
  const created: User[] = [];
  for (const batch of chunks(rows)) {
    const values = batch.map((r) => ({
      organizationId: organization.id,
      username: numbers ? null : r.values.identifier,
      membershipNumber: numbers ? r.values.identifier : r.values.membershipNumber,
      usernameSkeleton: numbers ? null : r.values.skeleton,
      displayName: r.values.displayName ?? "",
      email: r.values.email,
      phone: r.values.phone,
      language: r.values.language ?? organization.defaultLanguage,
      status: "invited" as const,
      createdAt: now,
      updatedAt: now,
    }));
    created.push(...(await tx.insert(users).values(values).returning()));
  }
  return created;
}

/** A row that changes an existing account: the plan names the account. */
type ChangedRow = PlannedRow & { existingId: string };
const isChange = (r: PlannedRow): r is ChangedRow => r.outcome === "changed" && r.existingId !== null;

/** Updates the changed accounts; returns the invited ones whose address changed (to be invited again). */
async function updateChanged(tx: Db, organization: Organization, rows: ChangedRow[], now: Date): Promise<User[]> {
  const reinvited: User[] = [];
  for (const r of rows) {
    const set: Partial<typeof users.$inferInsert> = { updatedAt: now };
    if (r.changes.includes("displayName")) set.displayName = r.values.displayName!;
    if (r.changes.includes("membershipNumber")) set.membershipNumber = r.values.membershipNumber;
    if (r.changes.includes("email")) set.email = r.values.email;
    if (r.changes.includes("phone")) set.phone = r.values.phone;
    if (r.changes.includes("language")) set.language = r.values.language!;
    const [user] = await tx
      .update(users)
      .set(set)
      .where(and(eq(users.id, r.existingId), eq(users.organizationId, organization.id)))
      .returning();
    if (r.reinvite && user) reinvited.push(user);
  }
  // A link already mailed to the old address must not keep working for whoever reads that mailbox.
  const moved = rows.filter((r) => r.changes.includes("email")).map((r) => r.existingId);
  for (const ids of chunks(moved)) {
    await tx
      .update(oneTimeTokens)
      .set({ consumedAt: now })
      .where(
        and(
          inArray(oneTimeTokens.userId, ids),
          inArray(oneTimeTokens.purpose, ["activation", "reset_link"]),
          isNull(oneTimeTokens.consumedAt),
        ),
      );
  }
  return reinvited;
}

/**
 * Step two: in one transaction, the file is planned again (the register may have changed since
 * the dry run), new people are created as invited, changed ones updated, and, if asked, the new
 * people (and the not yet activated whose address changed) get an activation e-mail through the
 * outbox. Rows in error are skipped, as the dry run showed. The file's content is cleared once
 * applied; the counts stay.
 */
export async function applyImport(
  db: Db,
  scope: AdminScope,
  input: { importId: string; sendActivations: boolean },
  ctx: { now: Date; appOrigin: string },
): Promise<ApplyImportResult> {
  if (!isUuid(input.importId)) return { ok: false, reason: "notFound" };
  return db.transaction(async (tx) => {
    // The organisation's row lock serialises imports (and creations) against each other.
    const [organization] = await tx
      .select()
      .from(organizations)
      .where(eq(organizations.id, scope.organizationId))
      .for("update");
    const [memberImport] = await tx
      .select()
      .from(memberImports)
      .where(and(eq(memberImports.id, input.importId), eq(memberImports.organizationId, scope.organizationId)))
      .for("update");
    if (!organization || !memberImport) return { ok: false, reason: "notFound" } as const;
    if (memberImport.status === "applied") return { ok: false, reason: "alreadyApplied" } as const;
    if (memberImport.content === null || importExpired(memberImport, ctx.now))
      return { ok: false, reason: "expired" } as const;
    const plan = await planImport(tx, organization, new TextEncoder().encode(memberImport.content));
    if (!plan.ok) return { ok: false, reason: "fileChanged" } as const;

    const created = await insertNew(
      tx,
      organization,
      plan.rows.filter((r) => r.outcome === "new"),
      ctx.now,
    );
    const changed = plan.rows.filter(isChange);
    const reinvited = await updateChanged(tx, organization, changed, ctx.now);

    const invitees = input.sendActivations ? [...created.filter((u) => u.email), ...reinvited] : [];
    for (const batch of chunks(invitees)) {
      const secrets = await createFirstLinkTokens(tx, {
        userIds: batch.map((u) => u.id),
        purpose: "activation",
        now: ctx.now,
      });
      await enqueueMany(
        tx,
        batch.map((u, j) => activationMessage(organization, u, secrets[j]!, ctx.appOrigin)),
        ctx.now,
      );
    }

    // One audit row per person touched, plus the import itself.
    const actor = auditActor(scope);
    const by = { by: "import", importId: memberImport.id };
    const perPerson = [
      ...created.map((u) => ({ ...actor, event: "user.created", subjectUserId: u.id, details: by })),
      ...changed.map((r) => ({
        ...actor,
        event: "user.updated",
        subjectUserId: r.existingId,
        details: { ...by, fields: r.changes, ...(r.changes.includes("email") ? { linksVoided: true } : {}) },
      })),
    ];
    for (const batch of chunks(perPerson)) await tx.insert(auditEvents).values(batch);
    const counts = {
      created: created.length,
      changed: changed.length,
      skipped: plan.summary.error,
      activationsSent: invitees.length,
    };
    await recordAudit(tx, {
      ...actor,
      event: "admin.importApplied",
      details: { importId: memberImport.id, fileName: memberImport.fileName, ...counts },
    });
    await tx
      .update(memberImports)
      .set({ status: "applied", appliedAt: ctx.now, content: null, summary: plan.summary })
      .where(eq(memberImports.id, memberImport.id));
    return { ok: true, ...counts } as const;
  });
}
