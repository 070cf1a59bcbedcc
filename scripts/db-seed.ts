/** `npm run db:seed`: the demo data, only into an empty database, never in production. */
import { connectConfigured } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { seedDemoData } from "@/lib/db/seed";
import { isDemoAllowed } from "@/lib/env";

if (!isDemoAllowed()) {
  console.error("Refusing to add demo data in production (set TUNNUS_DEMO=1 for a demo installation).");
  process.exit(1);
}
const handle = await connectConfigured();
try {
  await migrateDatabase(handle);
  console.log((await seedDemoData(handle.db)) ? "Demo data created." : "The database already has data; nothing added.");
} finally {
  await handle.close();
}
