import { and, asc, desc, eq, gt, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { userSearchText, users } from "@/lib/db/schema";
import { SEARCH_MAX } from "@/lib/validation/limits";
import { withoutAsciiControls } from "@/lib/validation/text";
import { failedMessagesOf } from "./messages";
import type { AdminScope } from "./scope";

export const USER_STATUSES = ["invited", "active", "locked", "disabled"] as const;
export const USER_SORTS = ["name", "identifier", "status", "lastLogin", "created"] as const;
export type UserSort = (typeof USER_SORTS)[number];
export const PAGE_SIZE = 50;

export type UserQuery = { q?: string; status?: string; sort?: string; dir?: string; page?: string | number };

/** The query string's values, made safe: unknown values fall back to the defaults. */
function readUserQuery(input: UserQuery) {
  const q = withoutAsciiControls(input.q ?? "")
    .trim()
    .slice(0, SEARCH_MAX);
  const status = (USER_STATUSES as readonly string[]).includes(input.status ?? "")
    ? (input.status as (typeof USER_STATUSES)[number])
    : null;
  const sort: UserSort = (USER_SORTS as readonly string[]).includes(input.sort ?? "")
    ? (input.sort as UserSort)
    : "name";
  const dir: "asc" | "desc" = input.dir === "desc" ? "desc" : "asc";
  const page = Math.min(Math.max(1, Math.floor(Number(input.page) || 1)), 10_000);
  return { q, status, sort, dir, page };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The administrators' user list: one organisation, any part of name, username, membership number,
 * e-mail or phone (trigram index), a status, a sort and a page of 50. A sign-in delay counts as
 * "locked" in the filter, as the person experiences it.
 */
export async function searchUsers(db: Db, scope: AdminScope, input: UserQuery, now = new Date()) {
  const query = readUserQuery(input);
  const conditions: (SQL | undefined)[] = [eq(users.organizationId, scope.organizationId)];
  if (query.q) {
    // A phone number typed as 040 123 4567 is stored as +358401234567: search its digits too.
    const digits = query.q.replace(/[\s()-]/g, "");
    const needles = [query.q.toLowerCase()];
    if (/^\+?\d{4,}$/.test(digits)) needles.push(digits.startsWith("0") ? digits.slice(1) : digits.replace(/^\+/, ""));
    conditions.push(or(...needles.map((n) => sql`${userSearchText(users)} LIKE ${`%${escapeLike(n)}%`}`)));
  }
  if (query.status === "locked")
    conditions.push(or(eq(users.status, "locked"), and(eq(users.status, "active"), gt(users.loginBlockedUntil, now))));
  else if (query.status === "active")
    conditions.push(
      and(eq(users.status, "active"), or(isNull(users.loginBlockedUntil), lte(users.loginBlockedUntil, now))),
    );
  else if (query.status) conditions.push(eq(users.status, query.status));

  const direction = query.dir === "desc" ? desc : asc;
  const order = {
    name: [direction(sql`lower(${users.displayName})`)],
    identifier: [direction(sql`lower(coalesce(${users.username}, ${users.membershipNumber}))`)],
    status: [direction(users.status)],
    lastLogin: [
      query.dir === "desc" ? sql`${users.lastLoginAt} DESC NULLS LAST` : sql`${users.lastLoginAt} ASC NULLS FIRST`,
    ],
    created: [direction(users.createdAt)],
  }[query.sort];

  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: users.id,
        username: users.username,
        membershipNumber: users.membershipNumber,
        displayName: users.displayName,
        email: users.email,
        phone: users.phone,
        status: users.status,
        role: users.role,
        loginBlockedUntil: users.loginBlockedUntil,
        lastLoginAt: users.lastLoginAt,
      })
      .from(users)
      .where(where)
      // The tie-break follows the direction, so each order is one index scanned one way.
      .orderBy(...order, direction(users.id))
      .limit(PAGE_SIZE)
      .offset((query.page - 1) * PAGE_SIZE),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(where),
  ]);
  const total = count?.n ?? 0;
  return { query, rows, total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/**
 * /admin: a page of the user list (`searchUsers`), each row with the status it shows (an active
 * account whose sign-in is delayed shows "delayed"), and the notice of messages that failed for
 * good (`failedMessagesOf`), with whether there are more than the people it names.
 */
export async function loadUsersPage(db: Db, scope: AdminScope, input: UserQuery, now = new Date()) {
  const [result, failed] = await Promise.all([searchUsers(db, scope, input, now), failedMessagesOf(db, scope, now)]);
  const named = failed.people.reduce((n, p) => n + p.messages, 0);
  return {
    ...result,
    rows: result.rows.map((row) => ({
      ...row,
      shownStatus:
        row.status === "active" && row.loginBlockedUntil && row.loginBlockedUntil > now
          ? ("delayed" as const)
          : row.status,
    })),
    failed: { ...failed, more: failed.count > named },
  };
}

export type UsersPageView = Awaited<ReturnType<typeof loadUsersPage>>;
