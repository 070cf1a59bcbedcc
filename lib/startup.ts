import { installClientAddressHook } from "@/lib/client-address-hook";
import { env, isDemoAllowed, startupProblems } from "@/lib/env";

/**
 * Once per server start: refuse to run misconfigured (with every problem listed), learn each
 * request's client address from its socket, and in development and demo mode bring the database
 * up to date with its demo data.
 */
export async function startServer(): Promise<void> {
  const problems = startupProblems(env());
  if (problems.length > 0) {
    console.error(`\nTunnus cannot start:\n- ${problems.join("\n- ")}\n`);
    process.exit(1);
  }
  // On Vercel there is no server of ours to hook: the platform's header names the client.
  if (!env().VERCEL) installClientAddressHook({ hops: env().TRUSTED_PROXY_HOPS ?? 0 });
  if (!isDemoAllowed()) return;
  const { getDbHandle } = await import("@/lib/db/client");
  const { migrateDatabase } = await import("@/lib/db/migrate");
  const { seedDemoData } = await import("@/lib/db/seed");
  const handle = await getDbHandle();
  await migrateDatabase(handle);
  if (await seedDemoData(handle.db)) console.log("Tunnus: demo data created (the README lists the accounts).");
}
