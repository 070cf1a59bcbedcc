import { asc, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { normalizeEmail } from "@/lib/contact";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { type Language, organizations, users } from "@/lib/db/schema";
import { isLicence } from "@/lib/validation/licence";
import { hasControlCharacters } from "@/lib/validation/text";

export type CreateOrganizationInput = {
  licence: string;
  name: string;
  supportEmail?: string;
  identifierKind?: string;
  revealUnknownAccounts?: boolean;
  language?: string;
  isDefault?: boolean;
  /**
   * The shortest password its people may set, 8–256; the schema's default (15, NIST SP 800-63B-4
   * for a password alone) when not given.
   */
  minPasswordLength?: number;
  /** How its members may recover by themselves: reset codes and links by e-mail, codes by SMS. Both by default. */
  recoveryMethods?: string[];
};
export type OrganizationField =
  | "licence"
  | "name"
  | "supportEmail"
  | "identifierKind"
  | "language"
  | "isDefault"
  | "minPasswordLength"
  | "recoveryMethods";
export type CreateOrganizationResult =
  { ok: true; organizationId: string } | { ok: false; errors: Partial<Record<OrganizationField, string>> };

/** The values of `organizations.recovery_methods`. */
const RECOVERY_METHODS = ["email", "sms"] as const;

/**
 * The operator's `org:create`: a new organisation, checked, audited. Its first administrator is
 * `user:create --admin`.
 */
export async function createOrganization(db: Db, input: CreateOrganizationInput): Promise<CreateOrganizationResult> {
  const errors: Partial<Record<OrganizationField, string>> = {};
  const licence = input.licence.trim();
  if (!licence) errors.licence = "empty";
  else if (!isLicence(licence)) errors.licence = "invalid";
  const name = input.name.trim();
  if (!name) errors.name = "empty";
  else if (name.length > 200) errors.name = "tooLong";
  else if (hasControlCharacters(name) || /[<>]/.test(name)) errors.name = "invalid";
  const support = input.supportEmail?.trim() ? normalizeEmail(input.supportEmail) : null;
  if (support && !support.ok) errors.supportEmail = support.problem;
  const kind = input.identifierKind ?? "username";
  if (kind !== "username" && kind !== "membership_number") errors.identifierKind = "invalid";
  const language = input.language ?? "fi";
  if (!["fi", "sv", "en"].includes(language)) errors.language = "invalid";
  const minLength = input.minPasswordLength;
  if (minLength !== undefined && !(Number.isInteger(minLength) && minLength >= 8 && minLength <= 256))
    errors.minPasswordLength = "outOfRange";
  const recoveryMethods = [...new Set(input.recoveryMethods ?? RECOVERY_METHODS)];
  if (
    recoveryMethods.length === 0 ||
    !recoveryMethods.every((m) => (RECOVERY_METHODS as readonly string[]).includes(m))
  )
    errors.recoveryMethods = "invalid";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  try {
    return await db.transaction(async (tx) => {
      const [org] = await tx
        .insert(organizations)
        .values({
          licence,
          name,
          supportEmail: support && support.ok ? support.value : null,
          identifierKind: kind as "username" | "membership_number",
          revealUnknownAccounts: Boolean(input.revealUnknownAccounts),
          defaultLanguage: language as Language,
          isDefault: Boolean(input.isDefault),
          ...(minLength !== undefined ? { minPasswordLength: minLength } : {}),
          recoveryMethods,
        })
        .returning({ id: organizations.id });
      if (!org) throw new Error("createOrganization: the insert returned no row");
      await recordAudit(tx, {
        event: "operator.organizationCreated",
        organizationId: org.id,
        details: {
          licence,
          identifierKind: kind,
          revealUnknownAccounts: Boolean(input.revealUnknownAccounts),
          recoveryMethods,
        },
      });
      return { ok: true as const, organizationId: org.id };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Either the licence is taken or another organisation is already the default.
    const [taken] = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.licence, licence));
    return { ok: false, errors: taken ? { licence: "duplicate" } : { isDefault: "duplicate" } };
  }
}

/** The operator's `org:list`: every organisation with its people counted. */
export async function listOrganizations(db: Db) {
  return db
    .select({
      licence: organizations.licence,
      name: organizations.name,
      identifierKind: organizations.identifierKind,
      revealUnknownAccounts: organizations.revealUnknownAccounts,
      isDefault: organizations.isDefault,
      defaultLanguage: organizations.defaultLanguage,
      supportEmail: organizations.supportEmail,
      recoveryMethods: organizations.recoveryMethods,
      users: sql<number>`(SELECT count(*)::int FROM ${users} WHERE ${users.organizationId} = ${organizations.id})`,
      admins: sql<number>`(SELECT count(*)::int FROM ${users} WHERE ${users.organizationId} = ${organizations.id} AND ${users.role} = 'admin' AND ${users.status} = 'active')`,
    })
    .from(organizations)
    .orderBy(asc(organizations.licence));
}

/**
 * The operator's `org:pairwise-subjects`: whether each of the organisation's services gets its own
 * `sub` for a person (OpenID Connect). Changing it changes every `sub` its services see: they meet
 * their people as new ones, so it is set before the first service is connected.
 */
export async function setPairwiseSubjects(
  db: Db,
  input: { licence: string; on: boolean },
): Promise<{ ok: true; changed: boolean } | { ok: false; reason: "notFound" }> {
  return db.transaction(async (tx) => {
    const [org] = await tx
      .select({ id: organizations.id, current: organizations.oidcPairwiseSubjects })
      .from(organizations)
      .where(eq(organizations.licence, input.licence))
      .for("update");
    if (!org) return { ok: false, reason: "notFound" } as const;
    if (org.current === input.on) return { ok: true, changed: false } as const;
    await tx.update(organizations).set({ oidcPairwiseSubjects: input.on }).where(eq(organizations.id, org.id));
    await recordAudit(tx, {
      event: "operator.pairwiseSubjectsChanged",
      organizationId: org.id,
      details: { pairwise: input.on },
    });
    return { ok: true, changed: true } as const;
  });
}
