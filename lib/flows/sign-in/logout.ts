import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { revokeSession } from "@/lib/session/sessions";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";

/** Ends this session for good: the JWT that carried it is worthless from now on. */
export async function signOutSession(
  db: Db,
  input: { sessionId: string; userId: string; ip: string; userAgent: string | null; now?: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    await revokeSession(tx, input.sessionId, input.now ?? new Date());
    const [user] = await tx
      .select({ organizationId: users.organizationId })
      .from(users)
      .where(eq(users.id, input.userId));
    await recordAudit(tx, {
      event: "logout",
      organizationId: user?.organizationId,
      actorUserId: input.userId,
      subjectUserId: input.userId,
      ip: input.ip,
      userAgent: input.userAgent,
    });
  });
}
