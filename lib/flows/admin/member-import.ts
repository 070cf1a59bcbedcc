import { parse } from "csv-parse/sync";
import { and, eq, inArray, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { auditEvents, type Language, type MemberImport, memberImports, type Organization, organizations, type User, users } from "@/lib/db/schema";
import { activationMessage, checkUserFields } from "@/lib/flows/admin-users";
import { enqueueMany } from "@/lib/messages/outbox";
import { createFirstLinkTokens } from "@/lib/tokens";
import { type AdminScope, auditActor } from "./scope";

/** A register of 10 000 people is about 1 MB; 4 MB leaves room and stays under Vercel's 4.5 MB request limit. */
export const IMPORT_MAX_BYTES = 4 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 20_000;

export type ImportField = "identifier" | "displayName" | "email" | "phone" | "language";
export type FileProblem = "empty" | "tooLarge" | "notUtf8" | "notCsv" | "noIdentifierColumn" | "noRows" | "tooManyRows";

/** Header names as registers write them, in Finnish, Swedish and English, lower-cased. */
const HEADERS: Record<string, ImportField> = Object.fromEntries(
  (
    [
      ["identifier", ["username", "user name", "käyttäjätunnus", "kayttajatunnus", "användarnamn", "membership number", "membership_number", "member number", "jäsennumero", "jasennumero", "medlemsnummer", "tunnus"]],
      ["displayName", ["name", "full name", "nimi", "namn"]],
      ["email", ["email", "e-mail", "sähköposti", "sahkoposti", "e-post", "epost"]],
      ["phone", ["phone", "mobile", "puhelin", "puhelinnumero", "matkapuhelin", "telefon", "mobil"]],
      ["language", ["language", "lang", "kieli", "språk", "sprak"]],
    ] as const
  ).flatMap(([field, names]) => names.map((n) => [n, field])),
);

const LANGUAGE_NAMES: Record<string, Language> = { fi: "fi", suomi: "fi", finnish: "fi", finska: "fi", sv: "sv", ruotsi: "sv", swedish: "sv", svenska: "sv", en: "en", englanti: "en", english: "en", engelska: "en" };

export type RowProblem = { field: ImportField | "row"; code: string };
export type PlannedRow = {
  line: number;
  identifier: string;
  outcome: "new" | "changed" | "unchanged" | "error";
  problems: RowProblem[];
  changes: ImportField[];
  values: { identifier: string; displayName: string | null; email: string | null; phone: string | null; language: Language | null };
  existingId: string | null;
};
export type ImportPlan = { ok: true; rows: PlannedRow[]; summary: Record<PlannedRow["outcome"], number>; ignoredColumns: string[] } | { ok: false; problem: FileProblem; line?: number };

type Cells = Partial<Record<ImportField, string>>;

/** Bytes → rows of named cells, or the reason the file is not a register we can read. */
export function readRegister(bytes: Uint8Array): { ok: true; rows: { line: number; cells: Cells }[]; ignoredColumns: string[] } | { ok: false; problem: FileProblem; line?: number } {
  if (bytes.byteLength === 0) return { ok: false, problem: "empty" };
  if (bytes.byteLength > IMPORT_MAX_BYTES) return { ok: false, problem: "tooLarge" };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, problem: "notUtf8" };
  }
  // Binary files (a spreadsheet saved as .xlsx, an image) decode badly or carry control bytes.
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return { ok: false, problem: "notCsv" };
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  let records: string[][];
  try {
    records = parse(text, { delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, max_record_size: 10_000 });
  } catch (error) {
    return { ok: false, problem: "notCsv", line: (error as { lines?: number }).lines };
  }
  const [header, ...data] = records;
  if (!header) return { ok: false, problem: "empty" };
  const columns = header.map((h) => HEADERS[h.toLowerCase().replace(/\s+/g, " ").trim()] ?? null);
  if (!columns.includes("identifier")) return { ok: false, problem: "noIdentifierColumn" };
  if (data.length === 0) return { ok: false, problem: "noRows" };
  if (data.length > IMPORT_MAX_ROWS) return { ok: false, problem: "tooManyRows" };
  const ignoredColumns = header.filter((_, i) => columns[i] === null).map((h) => h.slice(0, 50));
  const rows = data.map((record, index) => {
    const cells: Cells = {};
    columns.forEach((field, i) => {
      if (field && cells[field] === undefined) cells[field] = record[i] ?? "";
    });
    return { line: index + 2, cells };
  });
  return { ok: true, rows, ignoredColumns };
}

const emptySummary = () => ({ new: 0, changed: 0, unchanged: 0, error: 0 });

/**
 * The dry run: what importing this file into the organisation would do, row by row. Matching is
 * by username (case-insensitive) or membership number. A blank cell leaves a value as it is. An
 * address or number the person has verified is never overwritten by the register: a different
 * one is a conflict to sort out, not a change.
 */
export async function planImport(db: Db, organization: Organization, bytes: Uint8Array): Promise<ImportPlan> {
  const read = readRegister(bytes);
  if (!read.ok) return read;
  const byNumber = organization.identifierKind === "membership_number";
  const keyOf = (identifier: string) => (byNumber ? identifier : identifier.normalize("NFKC").toLowerCase());

  const counts = new Map<string, number>();
  for (const { cells } of read.rows) {
    const key = keyOf((cells.identifier ?? "").trim());
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const keys = [...counts.keys()];
  const existing = new Map<string, User>();
  for (let i = 0; i < keys.length; i += 5000) {
    const chunk = keys.slice(i, i + 5000);
    const found = await db
      .select()
      .from(users)
      .where(and(eq(users.organizationId, organization.id), byNumber ? inArray(users.membershipNumber, chunk) : inArray(sql`lower(${users.username})`, chunk)));
    for (const user of found) existing.set(keyOf((byNumber ? user.membershipNumber : user.username) ?? ""), user);
  }

  const summary = emptySummary();
  const rows: PlannedRow[] = read.rows.map(({ line, cells }) => {
    const rawLanguage = (cells.language ?? "").trim().toLowerCase();
    const language = rawLanguage ? (LANGUAGE_NAMES[rawLanguage] ?? "invalid") : "";
    const identifier = (cells.identifier ?? "").trim().slice(0, 64);
    const key = keyOf(identifier);
    const user = existing.get(key) ?? null;
    const emailTyped = Boolean((cells.email ?? "").trim());
    // A blank e-mail is fine for someone already in the register (it means "leave as is"), so the
    // field checks see a stand-in; a new person needs one for the activation e-mail.
    const checked = checkUserFields(
      {
        licence: organization.licence,
        identifier: cells.identifier ?? "",
        displayName: cells.displayName ?? "",
        email: emailTyped || !user ? (cells.email ?? "") : "unchanged@example.com",
        phone: cells.phone ?? "",
        language,
      },
      organization,
    );
    const problems: RowProblem[] = [];
    if (!checked.ok) {
      for (const [field, code] of Object.entries(checked.errors)) problems.push({ field: field as ImportField, code: field === "email" && code === "empty" ? "required" : code! });
    }
    if (key && (counts.get(key) ?? 0) > 1) problems.push({ field: "identifier", code: "duplicateInFile" });

    const emailCell = emailTyped && checked.ok ? checked.values.email.toLowerCase() : null;
    const values = {
      identifier: checked.ok ? checked.values.identifier : identifier,
      displayName: (cells.displayName ?? "").trim() || null,
      email: emailCell,
      phone: checked.ok ? checked.values.phone : null,
      language: (language || null) as Language | null,
    };
    const changes: ImportField[] = [];
    if (user && problems.length === 0) {
      if (values.displayName !== null && values.displayName !== user.displayName) changes.push("displayName");
      if (values.email !== null && values.email !== (user.email ?? "").toLowerCase()) {
        if (user.emailVerifiedAt) problems.push({ field: "email", code: "verifiedDiffers" });
        else changes.push("email");
      }
      if (values.phone !== null && values.phone !== user.phone) {
        if (user.phoneVerifiedAt) problems.push({ field: "phone", code: "verifiedDiffers" });
        else changes.push("phone");
      }
      if (values.language !== null && values.language !== user.language) changes.push("language");
    }
    const outcome = problems.length > 0 ? "error" : !user ? "new" : changes.length > 0 ? "changed" : "unchanged";
    summary[outcome]++;
    return { line, identifier, outcome, problems, changes: problems.length > 0 ? [] : changes, values, existingId: user?.id ?? null };
  });
  return { ok: true, rows, summary, ignoredColumns: read.ignoredColumns };
}

export type CheckImportResult = { ok: true; importId: string; plan: Extract<ImportPlan, { ok: true }> } | { ok: false; problem: FileProblem; line?: number };

/** Step one: check the uploaded file and keep it, so "apply" acts on exactly what was shown. */
export async function checkImport(db: Db, scope: AdminScope, input: { fileName: string; bytes: Uint8Array }, ctx: { now: Date }): Promise<CheckImportResult> {
  const [organization] = await db.select().from(organizations).where(eq(organizations.id, scope.organizationId));
  if (!organization) return { ok: false, problem: "empty" };
  const plan = await planImport(db, organization, input.bytes);
  if (!plan.ok) return plan;
  const fileName = input.fileName.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 200) || "import.csv";
  const [row] = await db
    .insert(memberImports)
    .values({ organizationId: organization.id, actorUserId: scope.actorUserId, fileName, content: new TextDecoder().decode(input.bytes), summary: plan.summary, createdAt: ctx.now })
    .returning({ id: memberImports.id });
  return { ok: true, importId: row!.id, plan };
}

/** A checked import of the scope's organisation (null for another's or an unknown id). */
export async function loadImport(db: Db, scope: AdminScope, importId: string): Promise<(MemberImport & { plan: ImportPlan }) | null> {
  if (!/^[0-9a-f-]{36}$/i.test(importId)) return null;
  const [row] = await db
    .select({ memberImport: memberImports, organization: organizations })
    .from(memberImports)
    .innerJoin(organizations, eq(organizations.id, memberImports.organizationId))
    .where(and(eq(memberImports.id, importId), eq(memberImports.organizationId, scope.organizationId)));
  if (!row) return null;
  return { ...row.memberImport, plan: await planImport(db, row.organization, new TextEncoder().encode(row.memberImport.content)) };
}

export type ApplyImportResult = { ok: true; created: number; changed: number; skipped: number; activationsSent: number } | { ok: false; reason: "notFound" | "alreadyApplied" | "fileChanged" };

const BATCH = 1000;

/**
 * Step two: in one transaction, the file is planned again (the register may have changed since
 * the dry run), new people are created as invited, changed ones updated, and, if asked, the new
 * people get their activation e-mail through the outbox. Rows in error are skipped, as the dry run
 * showed; re-importing the file after fixing them adds just those.
 */
export async function applyImport(
  db: Db,
  scope: AdminScope,
  input: { importId: string; sendActivations: boolean },
  ctx: { now: Date; appOrigin: string },
): Promise<ApplyImportResult> {
  if (!/^[0-9a-f-]{36}$/i.test(input.importId)) return { ok: false, reason: "notFound" };
  return db.transaction(async (tx) => {
    // The organisation's row lock serialises imports (and creations) against each other.
    const [organization] = await tx.select().from(organizations).where(eq(organizations.id, scope.organizationId)).for("update");
    const [memberImport] = await tx
      .select()
      .from(memberImports)
      .where(and(eq(memberImports.id, input.importId), eq(memberImports.organizationId, scope.organizationId)))
      .for("update");
    if (!organization || !memberImport) return { ok: false, reason: "notFound" } as const;
    if (memberImport.status === "applied") return { ok: false, reason: "alreadyApplied" } as const;
    const plan = await planImport(tx, organization, new TextEncoder().encode(memberImport.content));
    if (!plan.ok) return { ok: false, reason: "fileChanged" } as const;

    const byNumber = organization.identifierKind === "membership_number";
    const fresh = plan.rows.filter((r) => r.outcome === "new");
    const created: User[] = [];
    for (let i = 0; i < fresh.length; i += BATCH) {
      const inserted = await tx
        .insert(users)
        .values(
          fresh.slice(i, i + BATCH).map((r) => ({
            organizationId: organization.id,
            username: byNumber ? null : r.values.identifier,
            membershipNumber: byNumber ? r.values.identifier : null,
            displayName: r.values.displayName ?? "",
            email: r.values.email,
            phone: r.values.phone,
            language: r.values.language ?? organization.defaultLanguage,
            status: "invited" as const,
            createdAt: ctx.now,
            updatedAt: ctx.now,
          })),
        )
        .returning();
      created.push(...inserted);
    }
    const changed = plan.rows.filter((r) => r.outcome === "changed");
    for (const r of changed) {
      const set: Partial<typeof users.$inferInsert> = { updatedAt: ctx.now };
      if (r.changes.includes("displayName")) set.displayName = r.values.displayName!;
      if (r.changes.includes("email")) set.email = r.values.email;
      if (r.changes.includes("phone")) set.phone = r.values.phone;
      if (r.changes.includes("language")) set.language = r.values.language!;
      await tx.update(users).set(set).where(and(eq(users.id, r.existingId!), eq(users.organizationId, organization.id)));
    }

    let activationsSent = 0;
    if (input.sendActivations) {
      const invitees = created.filter((u) => u.email);
      for (let i = 0; i < invitees.length; i += BATCH) {
        const batch = invitees.slice(i, i + BATCH);
        const secrets = await createFirstLinkTokens(tx, { userIds: batch.map((u) => u.id), purpose: "activation", now: ctx.now });
        await enqueueMany(tx, batch.map((u, j) => activationMessage(organization, u, secrets[j]!, ctx.appOrigin)), ctx.now);
      }
      activationsSent = invitees.length;
    }

    // One audit row per person touched, plus the import itself.
    const actor = auditActor(scope);
    const perPerson = [
      ...created.map((u) => ({ ...actor, event: "user.created", subjectUserId: u.id, details: { by: "import", importId: memberImport.id } })),
      ...changed.map((r) => ({ ...actor, event: "user.updated", subjectUserId: r.existingId!, details: { by: "import", importId: memberImport.id, fields: r.changes } })),
    ];
    for (let i = 0; i < perPerson.length; i += BATCH) await tx.insert(auditEvents).values(perPerson.slice(i, i + BATCH));
    const skipped = plan.summary.error;
    await recordAudit(tx, { ...actor, event: "admin.importApplied", details: { importId: memberImport.id, fileName: memberImport.fileName, created: created.length, changed: changed.length, skipped, activationsSent } });
    await tx.update(memberImports).set({ status: "applied", appliedAt: ctx.now }).where(eq(memberImports.id, memberImport.id));
    return { ok: true, created: created.length, changed: changed.length, skipped, activationsSent } as const;
  });
}

/** Recent imports of the organisation, for the import page. */
export async function recentImports(db: Db, scope: AdminScope) {
  return db
    .select({ id: memberImports.id, fileName: memberImports.fileName, summary: memberImports.summary, status: memberImports.status, createdAt: memberImports.createdAt, appliedAt: memberImports.appliedAt })
    .from(memberImports)
    .where(eq(memberImports.organizationId, scope.organizationId))
    .orderBy(sql`${memberImports.createdAt} DESC`)
    .limit(10);
}

