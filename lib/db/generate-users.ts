import { sql } from "drizzle-orm";
import type { Db } from "./client";

/**
 * `count` generated members in an organisation, in one statement: for the 100 000-user search
 * test and the administration benchmark. Every 10th is invited, every 50th locked, every 100th
 * disabled; names, e-mails and phone numbers follow the index so a test can predict them.
 */
export async function generateUsers(db: Db, organizationId: string, count: number): Promise<void> {
  await db.execute(sql`
    INSERT INTO users (organization_id, username, display_name, email, email_verified_at, phone, status, language, last_login_at, created_at)
    SELECT ${organizationId}::uuid,
           'user' || i,
           (ARRAY['Aino','Eino','Helmi','Oiva','Venla','Onni','Siiri','Toivo'])[1 + i % 8] || ' ' ||
             (ARRAY['Virtanen','Korhonen','Mäkinen','Nieminen','Hämäläinen','Laine','Heikkinen','Koskinen','Järvinen'])[1 + i % 9] || ' ' || i,
           'user' || i || '@example.org',
           now(),
           '+35840' || lpad(i::text, 7, '0'),
           (CASE WHEN i % 100 = 0 THEN 'disabled' WHEN i % 50 = 0 THEN 'locked' WHEN i % 10 = 0 THEN 'invited' ELSE 'active' END)::user_status,
           'fi',
           CASE WHEN i % 10 = 0 THEN NULL ELSE now() - (i || ' minutes')::interval END,
           now() - (i || ' seconds')::interval
    FROM generate_series(1, ${count}) AS i
  `);
}
