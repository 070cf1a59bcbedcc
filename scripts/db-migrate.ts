/**
 * `npm run db:migrate`: applies the committed migrations to DATABASE_URL (deployment), or in
 * development to the embedded database, through `npm run dev`'s socket server while it runs.
 */
import { connectConfigured } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";

const handle = await connectConfigured();
try {
  await migrateDatabase(handle);
  console.log(`Migrations applied (${handle.driver}${process.env.DATABASE_URL ? ", DATABASE_URL" : ", embedded"}).`);
} finally {
  await handle.close();
}
