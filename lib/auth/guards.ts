import { eq } from "drizzle-orm";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { accountById } from "@/lib/db/accounts";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { isProduction } from "@/lib/env";
import { tunnusCookieName } from "@/lib/session/cookie-names";
import { auth } from "./index";

export type CurrentUser = Awaited<ReturnType<typeof loadCurrentUser>>;

async function loadCurrentUser() {
  // Without a session cookie there is nothing to decode: Auth.js's request pipeline is skipped.
  if (!(await cookies()).has(tunnusCookieName("session", isProduction()))) return null;
  const session = await auth();
  if (!session?.user?.id) return null;
  const db = await getDb();
  const row = await accountById(db, session.user.id, eq(users.status, "active"));
  return row ? { ...row, sessionId: session.sessionId } : null;
}

/** The signed-in person with their organisation, once per request. */
export const getCurrentUser = cache(loadCurrentUser);

/** For pages behind sign-in: anyone else goes to /login and comes back here after. */
export async function requireUser(returnTo: string) {
  const current = await getCurrentUser();
  if (!current) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return current;
}

/**
 * For /admin and its actions: a signed-in administrator, or nothing. Anyone else sees "not
 * found", so the pages do not advertise themselves. Server actions call it too: they are public
 * endpoints, whatever page they were rendered on.
 */
export async function requireAdmin(returnTo: string) {
  const current = await requireUser(returnTo);
  if (current.user.role !== "admin") notFound();
  return current;
}
