import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { rowsOf } from "@/lib/db/rows";
import { auditEvents, sessions, users } from "@/lib/db/schema";
import type { newSessionRow } from "@/lib/session/sessions";

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * After a proven password (typed at sign-in, or just set at activation): clear the failure count,
 * note the sign-in (and a stronger hash), open the session and audit it, in one statement. One
 * statement is atomic by itself, and it is one round trip instead of the five of a transaction
 * (BEGIN, three writes, COMMIT) on the hot path. False when the account is gone.
 */
export async function openPasswordSession(
  db: Db,
  input: {
    userId: string;
    organizationId: string;
    session: ReturnType<typeof newSessionRow>;
    newHash?: string;
    ip: string;
    userAgent: string | null;
    now: Date;
  },
): Promise<boolean> {
  const { session: s } = input;
  const details = input.newHash ? { method: "password", rehashed: true } : { method: "password" };
  const result = await db.execute(sql`
    WITH signed_in AS (
      UPDATE ${users}
      SET failed_login_count = 0, login_blocked_until = NULL, last_login_at = ${at(input.now)}
        ${input.newHash ? sql`, password_hash = ${input.newHash}, updated_at = ${at(input.now)}` : sql``}
      WHERE id = ${input.userId}
      RETURNING id
    ), opened AS (
      INSERT INTO ${sessions} (id, user_id, method, ip, user_agent, created_at, last_seen_at, expires_at)
      SELECT ${s.id}, id, ${s.method}, ${s.ip}, ${s.userAgent}, ${at(s.createdAt)}, ${at(s.lastSeenAt)}, ${at(s.expiresAt)} FROM signed_in
    )
    INSERT INTO ${auditEvents} (organization_id, actor_user_id, subject_user_id, event, ip, user_agent, details)
    SELECT ${input.organizationId}, id, id, 'login.succeeded', ${input.ip}, ${input.userAgent?.slice(0, 512) ?? null}, ${JSON.stringify(details)}::jsonb
    FROM signed_in
    RETURNING id`);
  return rowsOf(result).length === 1;
}
