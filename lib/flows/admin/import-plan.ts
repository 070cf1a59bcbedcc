import { and, eq, inArray, sql } from "drizzle-orm";
import { checkMembershipNumber, identifierKey } from "@/lib/identity/rules";
import { usernameSkeleton } from "@/lib/identity/skeleton";
import type { Db } from "@/lib/db/client";
import { type Language, type Organization, type User, users } from "@/lib/db/schema";
import { checkUserFields } from "./users";
import { type Cells, type FileProblem, type ImportField, readRegister } from "./import-file";

const LANGUAGE_NAMES: Record<string, Language> = {
  fi: "fi",
  suomi: "fi",
  finnish: "fi",
  finska: "fi",
  sv: "sv",
  ruotsi: "sv",
  swedish: "sv",
  svenska: "sv",
  en: "en",
  englanti: "en",
  english: "en",
  engelska: "en",
};

export type RowProblem = { field: ImportField | "row"; code: string };
export type PlannedRow = {
  line: number;
  identifier: string;
  outcome: "new" | "changed" | "unchanged" | "error";
  problems: RowProblem[];
  changes: ImportField[];
  values: {
    identifier: string;
    skeleton: string | null;
    membershipNumber: string | null;
    displayName: string | null;
    email: string | null;
    phone: string | null;
    language: Language | null;
  };
  existingId: string | null;
  /** A not yet activated person's address changes: the link sent to the old one must die. */
  reinvite: boolean;
};
export type ImportPlan =
  | { ok: true; rows: PlannedRow[]; summary: Record<PlannedRow["outcome"], number>; ignoredColumns: string[] }
  | { ok: false; reason: FileProblem; line?: number };

/**
 * Has the person taken the account into use (or was it ever)? Then its e-mail and phone are the
 * person's to change at /account: a register typo must not send their recovery messages to a
 * stranger, verified or not.
 */
const inUse = (user: User) => user.status === "active" || user.passwordHash !== null;

type Lookups = {
  organization: Organization;
  keyOf: (identifier: string) => string;
  idCounts: Map<string, number>;
  numberCounts: Map<string, number>;
  /** How many different names of the file have each skeleton (usernames only). */
  skeletonCounts: Map<string, number>;
  byIdentifier: Map<string, User>;
  byNumber: Map<string, User>;
  bySkeleton: Map<string, User>;
};

const countKeys = (keys: string[]) =>
  keys.reduce((m, k) => (k ? m.set(k, (m.get(k) ?? 0) + 1) : m), new Map<string, number>());

/**
 * The organisation's accounts with these usernames or membership numbers (both by `identifierKey`),
 * or username skeletons.
 */
async function accountsBy(db: Db, organizationId: string, column: "username" | "number" | "skeleton", keys: string[]) {
  const found = new Map<string, User>();
  const matchOf = {
    number: (chunk: string[]) => inArray(sql`lower(${users.membershipNumber})`, chunk),
    username: (chunk: string[]) => inArray(sql`lower(${users.username})`, chunk),
    skeleton: (chunk: string[]) => inArray(users.usernameSkeleton, chunk),
  }[column];
  const keyOf = {
    number: (u: User) => (u.membershipNumber === null ? null : identifierKey(u.membershipNumber)),
    username: (u: User) => (u.username === null ? null : identifierKey(u.username)),
    skeleton: (u: User) => u.usernameSkeleton,
  }[column];
  for (let i = 0; i < keys.length; i += 5000) {
    const chunk = keys.slice(i, i + 5000);
    for (const user of await db
      .select()
      .from(users)
      .where(and(eq(users.organizationId, organizationId), matchOf(chunk)))) {
      const key = keyOf(user);
      if (key !== null) found.set(key, user);
    }
  }
  return found;
}

/** A membership number beside a username: it must not belong to anyone else, nor contradict the account's own. */
function numberProblems(l: Lookups, number: string, user: User | null): RowProblem[] {
  if (!number) return [];
  const checked = checkMembershipNumber(number);
  if (!checked.ok) return [{ field: "membershipNumber", code: checked.problem }];
  if ((l.numberCounts.get(checked.key) ?? 0) > 1) return [{ field: "membershipNumber", code: "duplicateInFile" }];
  const owner = l.byNumber.get(checked.key);
  // The username names one account and the number another: which one is meant is for a person to sort out.
  if (owner && owner.id !== user?.id)
    return [user ? { field: "row", code: "twoAccounts" } : { field: "membershipNumber", code: "otherAccount" }];
  if (user?.membershipNumber && identifierKey(user.membershipNumber) !== checked.key)
    return [{ field: "membershipNumber", code: "differs" }];
  return [];
}

/**
 * A new username whose skeleton is an existing account's, or another name's of the same file
 * (`admın` beside `admin`): refused, as on the creation form.
 */
function lookalikeProblems(l: Lookups, checked: ReturnType<typeof checkUserFields>, user: User | null): RowProblem[] {
  if (!checked.ok || !checked.values.skeleton || user) return [];
  const owner = l.bySkeleton.get(checked.values.skeleton);
  const inFile = (l.skeletonCounts.get(checked.values.skeleton) ?? 0) > 1;
  return (owner && identifierKey(owner.username ?? "") !== checked.values.identifierKey) || inFile
    ? [{ field: "identifier", code: "lookalike" }]
    : [];
}

/** What the row would change on an existing account, and what it may not change. */
function compare(user: User, values: PlannedRow["values"], problems: RowProblem[]): ImportField[] {
  const changes: ImportField[] = [];
  if (values.displayName !== null && values.displayName !== user.displayName) changes.push("displayName");
  if (values.membershipNumber !== null && values.membershipNumber !== user.membershipNumber)
    changes.push("membershipNumber");
  const contact = (field: "email" | "phone", value: string | null, current: string | null, verifiedAt: Date | null) => {
    if (value === null || value === current) return;
    if (verifiedAt) problems.push({ field, code: "verifiedDiffers" });
    else if (inUse(user)) problems.push({ field, code: "inUse" });
    else changes.push(field);
  };
  contact("email", values.email, user.email?.toLowerCase() ?? null, user.emailVerifiedAt);
  contact("phone", values.phone, user.phone, user.phoneVerifiedAt);
  if (values.language !== null && values.language !== user.language) changes.push("language");
  return changes;
}

function planRow(l: Lookups, line: number, cells: Cells): PlannedRow {
  const rawLanguage = (cells.language ?? "").trim().toLowerCase();
  const language = rawLanguage ? (LANGUAGE_NAMES[rawLanguage] ?? "invalid") : "";
  const identifier = (cells.identifier ?? "").trim().slice(0, 64);
  const key = l.keyOf(identifier);
  const user = l.byIdentifier.get(key) ?? null;
  const emailTyped = Boolean((cells.email ?? "").trim());
  // A blank e-mail is fine for someone already in the register (it means "leave as is"), so the
  // field checks see a stand-in; a new person needs one for the activation e-mail.
  const email = emailTyped || !user ? (cells.email ?? "") : "unchanged@example.com";
  const checked = checkUserFields(
    {
      licence: l.organization.licence,
      identifier: cells.identifier ?? "",
      displayName: cells.displayName ?? "",
      email,
      phone: cells.phone ?? "",
      language,
    },
    l.organization,
  );
  const problems: RowProblem[] = [];
  if (!checked.ok) {
    for (const [field, code] of Object.entries(checked.errors)) {
      if (!code) continue;
      problems.push({ field: field as ImportField, code: field === "email" && code === "empty" ? "required" : code });
    }
  }
  if (key && (l.idCounts.get(key) ?? 0) > 1) problems.push({ field: "identifier", code: "duplicateInFile" });
  else problems.push(...lookalikeProblems(l, checked, user));
  const number = (cells.membershipNumber ?? "").trim();
  problems.push(...numberProblems(l, number, user));

  const values = {
    identifier: checked.ok ? checked.values.identifier : identifier,
    skeleton: checked.ok ? checked.values.skeleton : null,
    membershipNumber: number ? ((checkMembershipNumber(number) as { value?: string }).value ?? number) : null,
    displayName: (cells.displayName ?? "").trim() || null,
    email: emailTyped && checked.ok ? checked.values.email.toLowerCase() : null,
    phone: checked.ok ? checked.values.phone : null,
    language: (language || null) as Language | null,
  };
  const changes = user && problems.length === 0 ? compare(user, values, problems) : [];
  const outcome = problems.length > 0 ? "error" : !user ? "new" : changes.length > 0 ? "changed" : "unchanged";
  const kept = outcome === "error" ? [] : changes;
  return {
    line,
    identifier,
    outcome,
    problems,
    changes: kept,
    values,
    existingId: user?.id ?? null,
    reinvite: user?.status === "invited" && kept.includes("email"),
  };
}

/**
 * The dry run: what importing this file into the organisation would do, row by row. Matching is
 * by the organisation's identifier (usernames case-insensitively). A blank cell leaves a value as
 * it is. The register never overwrites an e-mail address or phone number the person verified,
 * nor one of an account in use; a different one is an error to sort out, not a change.
 */
export async function planImport(db: Db, organization: Organization, bytes: Uint8Array): Promise<ImportPlan> {
  const read = readRegister(bytes, organization.identifierKind);
  if (!read.ok) return read;
  const numbers = organization.identifierKind === "membership_number";
  const keyOf = (identifier: string) => identifierKey(identifier.trim());
  const idCounts = countKeys(read.rows.map(({ cells }) => keyOf(cells.identifier ?? "")));
  const numberCounts = countKeys(read.rows.map(({ cells }) => keyOf(cells.membershipNumber ?? "")));
  // Skeletons of the file's distinct names: one name twice is a duplicate, two names alike a look-alike.
  const skeletons = numbers ? [] : [...idCounts.keys()].map(usernameSkeleton);
  const skeletonCounts = countKeys(skeletons);
  const byIdentifier = await accountsBy(db, organization.id, numbers ? "number" : "username", [...idCounts.keys()]);
  const byNumber =
    numberCounts.size > 0
      ? await accountsBy(db, organization.id, "number", [...numberCounts.keys()])
      : new Map<string, User>();
  const bySkeleton =
    skeletonCounts.size > 0
      ? await accountsBy(db, organization.id, "skeleton", [...skeletonCounts.keys()])
      : new Map<string, User>();
  const lookups = { organization, keyOf, idCounts, numberCounts, skeletonCounts, byIdentifier, byNumber, bySkeleton };

  const summary = { new: 0, changed: 0, unchanged: 0, error: 0 };
  const rows = read.rows.map(({ line, cells }) => planRow(lookups, line, cells));
  for (const row of rows) summary[row.outcome]++;
  return { ok: true, rows, summary, ignoredColumns: read.ignoredColumns };
}
