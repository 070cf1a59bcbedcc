"use server";

import { signOut } from "@/lib/auth";

/** Revoking the session row and the audit entry happen in next-auth's signOut event. */
export async function logout() {
  await signOut({ redirectTo: "/login?signedOut=1" });
}
