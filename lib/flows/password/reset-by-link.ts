import { and, eq, isNotNull, or, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { formatIdentifier } from "@/lib/identity/identifiers";
import { hashPassword } from "@/lib/password/hash";
import type { PasswordProblem } from "@/lib/password/policy";
import { type ContactProblem, normalizeEmail } from "@/lib/contact";
import { type Account, accountById, activeOrInvited, selectAccounts } from "@/lib/db/accounts";
import type { Db } from "@/lib/db/client";
import { type Organization, organizations, users } from "@/lib/db/schema";
import { commonProps } from "@/lib/messages/common-props";
import { enqueue } from "@/lib/messages/outbox";
import { consumeRateLimit } from "@/lib/rate-limit";
import { checkLinkToken, consumeLinkToken, createLinkToken, LINK_TTL_MINUTES } from "@/lib/tokens/tokens";
import { runOrDefer } from "@/lib/flows/recovery/deferred";
import { checkNewPasswordFor, lockResettableAccount, setNewPassword } from "./set-new-password";
import type { Failure, FlowContext } from "@/lib/flows/context";

/** The order form e-mails links: `appOrigin` is required. */
type WithOrigin = FlowContext & Required<Pick<FlowContext, "appOrigin">>;

export type OrderLinkAnswer =
  /** "If the details match an account, we sent…": the same whether or not one matched. */
  | { ok: true; answer: "generic" }
  /** Only where the default organisation opted in to revealing unknown accounts: known in its register. */
  | { ok: true; answer: "sent" }
  /** ...not known in its register, whatever other organisations hold (their members use the reset code). */
  | { ok: true; answer: "notFound"; supportEmail: string | null; organizationName: string }
  | Failure<ContactProblem | "rateLimited">;

/**
 * Accounts a reset link may go to: active ones, and invited ones (the first password), of
 * organisations that recover by e-mail; of one organisation only, given `organizationId`.
 */
async function accountsByEmail(db: Db, email: string, organizationId?: string) {
  return selectAccounts(db)
    .where(
      and(
        sql`lower(${users.email}) = ${email}`,
        organizationId ? eq(organizations.id, organizationId) : undefined,
        activeOrInvited(),
        // Only where the organisation lets its members recover by e-mail.
        sql`'email' = ANY(${organizations.recoveryMethods})`,
        or(isNotNull(users.emailVerifiedAt), eq(users.status, "invited")),
      ),
    )
    .orderBy(organizations.licence, users.createdAt);
}

/**
 * One ResetLinkEmail to the address, naming every account on it, each with its own one-hour
 * link. Written in the caller's transaction; also what an administrator's "send a password link" uses.
 */
export async function queueResetLinkEmail(
  tx: Db,
  email: string,
  matches: Account[],
  ctx: Required<Pick<FlowContext, "now" | "appOrigin">>,
): Promise<string | null> {
  const first = matches[0];
  if (!first) return null;
  const accounts: { identifier: string; url: string }[] = [];
  for (const { user, organization } of matches) {
    const { secret } = await createLinkToken(tx, { userId: user.id, purpose: "reset_link", now: ctx.now });
    accounts.push({
      identifier: formatIdentifier(user, organization),
      url: `${ctx.appOrigin}/reset-password/${secret}`,
    });
  }
  return enqueue(
    tx,
    {
      channel: "email",
      to: email,
      template: "ResetLinkEmail",
      organizationId: first.organization.id,
      userId: first.user.id,
      props: {
        ...commonProps(first.organization, first.user),
        accounts,
        expiresInMinutes: LINK_TTL_MINUTES.reset_link,
      },
    },
    ctx.now,
  );
}

async function sendResetLinks(db: Db, email: string, matches: Account[], ctx: WithOrigin) {
  await db.transaction(async (tx) => {
    await queueResetLinkEmail(tx, email, matches, ctx);
    const first = matches[0];
    await recordAudit(tx, {
      event: "password.link_ordered",
      organizationId: first?.organization.id,
      subjectUserId: first?.user.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { accounts: matches.length },
    });
  });
}

/**
 * "Tilaa uusi salasana". By default the form is everybody's: links go to every matching account,
 * the answer does not tell whether any matched, and the lookup itself runs after the answer (see
 * `FlowContext.defer`). Where the default organisation opted in to revealing unknown accounts,
 * the form is that organisation's: it sends links for its own accounts only, so its "not found" is true, and
 * members of other organisations are pointed to "Unohtuiko salasana?" (the reset code).
 */
export async function orderResetLink(db: Db, input: { email: string }, ctx: WithOrigin): Promise<OrderLinkAnswer> {
  const email = normalizeEmail(input.email);
  if (!email.ok) return { ok: false, reason: email.problem };
  for (const [policy, key] of [
    ["recoveryPerIp", ctx.ip],
    ["recoveryPerAddress", `email:${email.value}`],
  ] as const) {
    if (!(await consumeRateLimit(db, policy, key)).allowed) return { ok: false, reason: "rateLimited" };
  }

  const [defaultOrg] = await db.select().from(organizations).where(eq(organizations.isDefault, true)).limit(1);
  if (!defaultOrg?.revealUnknownAccounts) {
    await runOrDefer(ctx, async () => sendResetLinks(db, email.value, await accountsByEmail(db, email.value), ctx));
    return { ok: true, answer: "generic" };
  }

  const matches = await accountsByEmail(db, email.value, defaultOrg.id);
  await runOrDefer(ctx, () => sendResetLinks(db, email.value, matches, ctx));
  if (matches.length > 0) return { ok: true, answer: "sent" };
  return { ok: true, answer: "notFound", supportEmail: defaultOrg.supportEmail, organizationName: defaultOrg.name };
}

/**
 * Whether "Tilaa uusi salasana" sends links for this organisation's accounts: when it recovers by
 * e-mail and the form is not another organisation's (a revealing default organisation's).
 */
export async function orderFormServes(
  db: Db,
  organization: Pick<Organization, "isDefault" | "recoveryMethods">,
): Promise<boolean> {
  if (!organization.recoveryMethods.includes("email")) return false;
  if (organization.isDefault) return true;
  const [defaultOrg] = await db
    .select({ reveals: organizations.revealUnknownAccounts })
    .from(organizations)
    .where(eq(organizations.isDefault, true))
    .limit(1);
  return !defaultOrg?.reveals;
}

export type ResetLinkView =
  ({ ok: true; identifier: string } & Account) | { ok: false; reason: "unknown" | "used" | "expired" };

/** What "Palauta salasana" shows. Opening the link never spends it. */
export async function loadResetLink(db: Db, secret: string, now: Date): Promise<ResetLinkView> {
  const link = await checkLinkToken(db, secret, "reset_link", now);
  if (!link.ok) return { ok: false, reason: link.reason };
  const row = await accountById(db, link.userId, activeOrInvited());
  if (!row) return { ok: false, reason: "used" };
  return { ok: true, ...row, identifier: formatIdentifier(row.user, row.organization) };
}

export type ResetResult =
  | { ok: true; identifier: string }
  | { ok: false; reason: "link" }
  | { ok: false; reason: "password"; problem: PasswordProblem };

/**
 * "Vaihda salasana": spends the link and sets the password in one transaction, exactly once. The
 * account is read again inside it, under a row lock: one disabled since the page opened is refused.
 */
export async function resetPasswordWithLink(
  db: Db,
  input: { secret: string; password: string },
  ctx: FlowContext,
): Promise<ResetResult> {
  const view = await loadResetLink(db, input.secret, ctx.now);
  if (!view.ok) return { ok: false, reason: "link" };
  const problem = await checkNewPasswordFor(db, view, input.password, ctx);
  if (problem) return { ok: false, reason: "password", problem };
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const account = await lockResettableAccount(tx, view.user.id);
    if (!account || (await consumeLinkToken(tx, input.secret, "reset_link", ctx.now)) !== account.user.id)
      return { ok: false, reason: "link" } as const;
    await setNewPassword(tx, account, passwordHash, { by: "reset", via: "reset_link", proved: "email" }, ctx);
    return { ok: true, identifier: formatIdentifier(account.user, account.organization) } as const;
  });
}
