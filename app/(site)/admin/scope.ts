import "server-only";
import { headers } from "next/headers";
import { requireAdmin } from "@/lib/auth/guards";
import type { AdminScope } from "@/lib/flows/admin/scope";
import { requestContextFrom } from "@/lib/request-context";

/** The signed-in administrator's scope: their organisation, themselves as actor, this request's address. */
export async function adminScope(returnTo = "/admin"): Promise<{ scope: AdminScope; current: Awaited<ReturnType<typeof requireAdmin>> }> {
  const current = await requireAdmin(returnTo);
  const request = requestContextFrom(await headers());
  return { current, scope: { organizationId: current.organization.id, actorUserId: current.user.id, ...request } };
}
