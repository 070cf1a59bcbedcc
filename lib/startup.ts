import { externalProviderProblems } from "@/lib/auth/external-config";
import { installClientAddressHook } from "@/lib/client-address-hook";
import { emailTransportKind, type Env, env, isDemoAllowed, isProduction, smsTransportKind } from "@/lib/env";

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

const EMAIL_FROM = /^(?:[^<>\r\n]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/;

function transportProblems(e: Env): string[] {
  const problems: string[] = [];
  if (emailTransportKind(e) === "smtp") {
    if (!e.SMTP_URL)
      problems.push(
        "SMTP_URL must be set for EMAIL_TRANSPORT=smtp (for example smtp://user:password@smtp.example.org:587).",
      );
    else if (!/^smtps?:$/.test(new URL(e.SMTP_URL).protocol))
      problems.push("SMTP_URL must start with smtp:// or smtps://.");
    if (!e.EMAIL_FROM)
      problems.push('EMAIL_FROM must be set for EMAIL_TRANSPORT=smtp (for example "Tunnus <noreply@example.org>").');
    else if (!EMAIL_FROM.test(e.EMAIL_FROM))
      problems.push('EMAIL_FROM is not an e-mail address (for example "Tunnus <noreply@example.org>").');
  }
  if (smsTransportKind(e) === "sns") {
    if (!e.AWS_REGION)
      problems.push(
        "AWS_REGION must be set for SMS_TRANSPORT=sns (for example eu-north-1); credentials come from the standard AWS variables.",
      );
    if (e.SNS_SENDER_ID && !/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/.test(e.SNS_SENDER_ID)) {
      problems.push("SNS_SENDER_ID must be 1–11 letters and digits with at least one letter.");
    }
  }
  if (!isDemoAllowed(e)) {
    if (emailTransportKind(e) === "capture")
      problems.push("EMAIL_TRANSPORT=capture sends nothing: it is only for development and demo mode (TUNNUS_DEMO=1).");
    if (smsTransportKind(e) === "capture")
      problems.push("SMS_TRANSPORT=capture sends nothing: it is only for development and demo mode (TUNNUS_DEMO=1).");
  }
  return problems;
}

/**
 * What must be set before the app may serve a request. Returns one readable line per problem,
 * so that an operator sees everything missing at once.
 */
export function startupProblems(e: Env): string[] {
  const problems = [...transportProblems(e), ...externalProviderProblems(e)];
  if (!isProduction(e)) return problems;
  if (!e.DATABASE_URL) {
    problems.push(
      "DATABASE_URL is not set. In production Tunnus needs a Postgres database: set DATABASE_URL to its connection string (postgres://user:password@host:5432/dbname).",
    );
  }
  if (!e.AUTH_SECRET || e.AUTH_SECRET.length < 32) {
    problems.push("AUTH_SECRET must be set to at least 32 random characters (for example: openssl rand -base64 32).");
  }
  if (!e.CRON_SECRET || e.CRON_SECRET.length < 16) {
    problems.push(
      "CRON_SECRET must be set to at least 16 random characters; the outbox retry job (/api/cron/outbox) requires it.",
    );
  }
  if (e.TRUSTED_PROXY_HOPS === undefined && !e.VERCEL) {
    problems.push(
      'TRUSTED_PROXY_HOPS must be set when self-hosting: the number of proxies in front of Tunnus that append to X-Forwarded-For (0 when clients connect directly, 1 behind nginx or Caddy, 2 behind Cloudflare and nginx). Sign-in limits and the audit trail depend on the client\'s address; see docs/operator-guide.md, "Behind proxies".',
    );
  }
  if (!e.APP_ORIGIN && !e.TUNNUS_DEMO) {
    problems.push(
      "APP_ORIGIN must be set to the public address of the portal (for example https://tunnus.example.org); links in messages are built from it.",
    );
  }
  return problems;
}

export function assertStartupEnv(e: Env = env()): void {
  const problems = startupProblems(e);
  if (problems.length > 0) {
    throw new Error(`Tunnus cannot start:\n- ${problems.join("\n- ")}`);
  }
}
