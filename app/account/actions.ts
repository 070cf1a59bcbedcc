"use server";

import { headers } from "next/headers";
import { auth, signOut } from "@/lib/auth";
import { getDb } from "@/lib/db/client";
import { signOutSession } from "@/lib/flows/logout";
import { requestContextFrom } from "@/lib/request-context";

export async function logout() {
  const session = await auth();
  if (session?.sessionId) {
    await signOutSession(await getDb(), { sessionId: session.sessionId, userId: session.user.id, ...requestContextFrom(await headers()) });
  }
  await signOut({ redirectTo: "/login?signedOut=1" });
}
