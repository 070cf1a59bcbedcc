import { and, eq, or, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { checkMembershipNumber, checkUsername } from "@/lib/identity/rules";
import { usernameSkeleton } from "@/lib/identity/skeleton";
import { formatIdentifier } from "@/lib/identity/identifiers";
import { normalizeEmail, normalizePhone } from "@/lib/contact";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { type Language, type Organization, organizations, type User, users } from "@/lib/db/schema";
import { commonProps } from "@/lib/messages/common-props";
import { enqueue, type OutgoingMessage } from "@/lib/messages/outbox";
import { createLinkToken, LINK_TTL_MINUTES } from "@/lib/tokens/tokens";
import { namedBy, selectAccounts } from "@/lib/db/accounts";
import { NAME_MAX } from "@/lib/validation/limits";
import { hasControlOrLayoutCharacters } from "@/lib/validation/text";

/** Who acts: an administrator of the organisation (user id), or the operator at the CLI (null). */
export type Actor = { userId: string | null; ip?: string | null; userAgent?: string | null };

export type CreateUserInput = {
  licence: string;
  /** The username, or in an organisation of membership numbers the membership number. */
  identifier: string;
  displayName?: string;
  email: string;
  phone?: string;
  language?: string;
  role?: "member" | "admin";
};

export type CreateUserField = "licence" | "identifier" | "displayName" | "email" | "phone" | "language";
/** Field → problem code (translated by the page; the CLI prints English). */
export type CreateUserErrors = Partial<Record<CreateUserField, string>>;

export type CreateUserResult =
  { ok: true; userId: string; identifier: string } | { ok: false; errors: CreateUserErrors };

/** The checks of a new account's fields (also each row of a register import). */
export function checkUserFields(input: CreateUserInput, org: Organization | undefined) {
  const errors: CreateUserErrors = {};
  if (!org) errors.licence = "unknownOrganization";

  // One rule (lib/identity/rules.ts) for creation, the import, the CLI and sign-in.
  const byNumber = org?.identifierKind === "membership_number";
  const id = byNumber ? checkMembershipNumber(input.identifier) : checkUsername(input.identifier);
  if (!id.ok) errors.identifier = id.problem;

  const displayName = (input.displayName ?? "").trim();
  if (displayName.length > NAME_MAX) errors.displayName = "tooLong";
  else if (hasControlOrLayoutCharacters(displayName) || /[<>]/.test(displayName)) errors.displayName = "invalid";

  const email = normalizeEmail(input.email);
  if (!email.ok) errors.email = email.problem;
  const phone = input.phone?.trim() ? normalizePhone(input.phone) : null;
  if (phone && !phone.ok) errors.phone = phone.problem;

  const language = (input.language || org?.defaultLanguage || "fi") as Language;
  if (!["fi", "sv", "en"].includes(language)) errors.language = "invalid";

  if (Object.keys(errors).length > 0) return { ok: false as const, errors };
  return {
    ok: true as const,
    values: {
      identifier: (id as { value: string }).value,
      /** What the identifier is compared by (lower-cased). */
      identifierKey: (id as { key: string }).key,
      /** A username's confusables skeleton; null for a membership number. */
      skeleton: byNumber ? null : usernameSkeleton((id as { value: string }).value),
      displayName,
      email: (email as { value: string }).value,
      phone: phone && phone.ok ? phone.value : null,
      language,
    },
  };
}

/**
 * "duplicate" when the organisation has the name (in any case), "lookalike" when one of its
 * usernames has the same skeleton (`admın` beside `admin`), else null.
 */
async function identifierConflict(
  db: Db,
  organizationId: string,
  id: { identifierKey: string; skeleton: string | null },
): Promise<"duplicate" | "lookalike" | null> {
  // One statement, one snapshot: asked in two, a creation committing in between could show its
  // skeleton but not yet its name, and an exact duplicate would be called a look-alike.
  const same = namedBy(id.identifierKey);
  const alike = id.skeleton ? eq(users.usernameSkeleton, id.skeleton) : sql`false`;
  const [row] = await db
    .select({
      same: sql<boolean>`coalesce(bool_or(${same}), false)`,
      alike: sql<boolean>`coalesce(bool_or(${alike}), false)`,
    })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), or(same, alike)));
  return row?.same ? "duplicate" : row?.alike ? "lookalike" : null;
}

/** The ActivationEmail carrying `secret`. */
export function activationMessage(org: Organization, user: User, secret: string, appOrigin: string): OutgoingMessage {
  return {
    channel: "email",
    to: user.email!,
    template: "ActivationEmail",
    organizationId: org.id,
    userId: user.id,
    props: {
      ...commonProps(org, user),
      username: formatIdentifier(user, org),
      activationUrl: `${appOrigin}/activate/${secret}`,
      expiresInMinutes: LINK_TTL_MINUTES.activation,
    },
  };
}

/**
 * The activation token (voiding older ones) and its e-mail, written in the caller's transaction.
 * Returns the outbox id.
 */
export async function sendActivation(
  tx: Db,
  org: Organization,
  user: User,
  now: Date,
  appOrigin: string,
): Promise<string> {
  const { secret } = await createLinkToken(tx, { userId: user.id, purpose: "activation", now });
  return enqueue(tx, activationMessage(org, user, secret, appOrigin), now);
}

/**
 * Creates an invited account and sends its activation e-mail: user, link token, outbox row and
 * audit event in one transaction, so nothing is ever half made.
 */
export async function createUser(
  db: Db,
  input: CreateUserInput,
  ctx: { now: Date; actor: Actor; appOrigin: string },
): Promise<CreateUserResult> {
  const [org] = await db.select().from(organizations).where(eq(organizations.licence, input.licence.trim())).limit(1);
  const checked = checkUserFields(input, org);
  if (!checked.ok) return checked;
  // The checks refuse a licence nobody has.
  if (!org) throw new Error("createUser: no organisation after the checks");
  const v = checked.values;
  const conflict = await identifierConflict(db, org.id, v);
  if (conflict) return { ok: false, errors: { identifier: conflict } };

  try {
    return await db.transaction(async (tx) => {
      const byNumber = org.identifierKind === "membership_number";
      const [user] = await tx
        .insert(users)
        .values({
          organizationId: org.id,
          username: byNumber ? null : v.identifier,
          membershipNumber: byNumber ? v.identifier : null,
          usernameSkeleton: v.skeleton,
          displayName: v.displayName,
          email: v.email,
          phone: v.phone,
          language: v.language,
          role: input.role ?? "member",
          status: "invited",
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning();
      if (!user) throw new Error("createUser: the insert returned no row");
      await sendActivation(tx, org, user, ctx.now, ctx.appOrigin);
      await recordAudit(tx, {
        event: "user.created",
        organizationId: org.id,
        actorUserId: ctx.actor.userId,
        subjectUserId: user.id,
        ip: ctx.actor.ip,
        userAgent: ctx.actor.userAgent,
        details: { role: user.role, by: ctx.actor.userId ? "admin" : "operator" },
      });
      return { ok: true as const, userId: user.id, identifier: formatIdentifier(user, org) };
    });
  } catch (error) {
    // Two creations of one name (or two look-alikes) at once: a unique index decides, and the
    // loser hears which, now that the winner is committed.
    if (isUniqueViolation(error))
      return { ok: false, errors: { identifier: (await identifierConflict(db, org.id, v)) ?? "duplicate" } };
    throw error;
  }
}

export type ResendResult = { ok: true } | { ok: false; reason: "notFound" | "notInvited" | "noEmail" };

/** A new activation link; the old one stops working. Only for accounts not yet activated. */
export async function resendActivation(
  db: Db,
  input: { organizationId: string; userId: string },
  ctx: { now: Date; actor: Actor; appOrigin: string },
): Promise<ResendResult> {
  return db.transaction(async (tx) => {
    const [row] = await selectAccounts(tx)
      // The organisation is part of the key: an administrator of one never reaches another's people.
      .where(and(eq(users.id, input.userId), eq(users.organizationId, input.organizationId)))
      .limit(1);
    if (!row) return { ok: false, reason: "notFound" };
    if (row.user.status !== "invited") return { ok: false, reason: "notInvited" };
    if (!row.user.email) return { ok: false, reason: "noEmail" };
    await sendActivation(tx, row.organization, row.user, ctx.now, ctx.appOrigin);
    await recordAudit(tx, {
      event: "user.activation_resent",
      organizationId: row.organization.id,
      actorUserId: ctx.actor.userId,
      subjectUserId: row.user.id,
      ip: ctx.actor.ip,
      userAgent: ctx.actor.userAgent,
    });
    return { ok: true };
  });
}
