import "server-only";
import { headers } from "next/headers";
import { type CurrentUser, requireAdmin } from "@/lib/auth/guards";
import type { AdminScope } from "@/lib/flows/admin/scope";
import { requestContextFrom } from "@/lib/request/context";

type Admin = NonNullable<CurrentUser>;

/** The signed-in administrator's scope: their organisation, themselves as actor, this request's address. */
export async function adminScope(returnTo = "/admin"): Promise<{ scope: AdminScope; current: Admin }> {
  const current = await requireAdmin(returnTo);
  return { current, scope: scopeOf(current, requestContextFrom(await headers())) };
}

/** The scope of an administrator already checked (a route handler that answers refusals itself). */
export const scopeOf = (current: Admin, request: ReturnType<typeof requestContextFrom>): AdminScope => ({
  organizationId: current.organization.id,
  actorUserId: current.user.id,
  ...request,
});
