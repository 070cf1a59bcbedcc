import { z } from "zod";
import { externalProviderProblems } from "@/lib/auth/external-config";

const flag = z
  .string()
  .optional()
  .transform((v) => v === "1" || v?.toLowerCase() === "true");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  /** Named prepared statements; turn off behind transaction poolers and the embedded socket server. */
  DATABASE_PREPARE: z
    .string()
    .optional()
    .transform((v) => !(v === "0" || v?.toLowerCase() === "false")),
  PGLITE_DATA_DIR: z.string().default(".data/pglite"),
  AUTH_SECRET: z.string().optional(),
  APP_ORIGIN: z.string().url().optional(),
  TUNNUS_DEMO: flag,
  SESSION_MAX_AGE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(60),
  LOGIN_IP_LIMIT: z.coerce.number().int().positive().default(30),
  LOGIN_IP_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  EMAIL_TRANSPORT: z.enum(["smtp", "capture"]).optional(),
  SMTP_URL: z.string().url().optional(),
  EMAIL_FROM: z.string().optional(),
  SMS_TRANSPORT: z.enum(["sns", "capture"]).optional(),
  AWS_REGION: z.string().optional(),
  /** Tests point the SNS client at a local stand-in. */
  SNS_ENDPOINT: z.string().url().optional(),
  SNS_SENDER_ID: z.string().optional(),
  CRON_SECRET: z.string().optional(),
  /**
   * How many proxies in front of `next start` append to X-Forwarded-For: 0 = the client is the
   * socket's own address. Required in production self-hosting; on Vercel the platform's header is used.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).optional(),
  /** Set by Vercel on its own platform: the client's address is then the platform's header. */
  VERCEL: z.string().optional(),
  /** Refuse breached passwords through Have I Been Pwned's range API; unset = on in production. */
  HIBP_ENABLED: z
    .string()
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "1" || v.toLowerCase() === "true")),
  /** The range API's base address (tests point it at a local stand-in). */
  HIBP_API_URL: z.string().url().default("https://api.pwnedpasswords.com"),
  /** ISO 3166 countries whose phone numbers may receive SMS (each costs money). */
  SMS_ALLOWED_COUNTRIES: z
    .string()
    .default("FI,SE,AX,EE,NO,DK")
    .transform((v) =>
      v
        .split(",")
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[A-Z]{2}$/, "a comma-separated list of two-letter country codes, e.g. FI,SE"))),
  // Sign-in through an outside account: a provider is on when its id and secret are set.
  AUTH_GOOGLE_ID: z.string().optional(),
  AUTH_GOOGLE_SECRET: z.string().optional(),
  AUTH_MICROSOFT_ENTRA_ID_ID: z.string().optional(),
  AUTH_MICROSOFT_ENTRA_ID_SECRET: z.string().optional(),
  /** `https://login.microsoftonline.com/<tenant id>/v2.0`; without it any Microsoft account may link. */
  AUTH_MICROSOFT_ENTRA_ID_ISSUER: z.string().url().optional(),
  AUTH_FACEBOOK_ID: z.string().optional(),
  AUTH_FACEBOOK_SECRET: z.string().optional(),
  AUTH_TWITTER_ID: z.string().optional(),
  AUTH_TWITTER_SECRET: z.string().optional(),
  /** An organisation's own OpenID Connect identity service. */
  AUTH_OIDC_ISSUER: z.string().url().optional(),
  AUTH_OIDC_ID: z.string().optional(),
  AUTH_OIDC_SECRET: z.string().optional(),
  AUTH_OIDC_NAME: z.string().max(60).optional(),
});

export type Env = z.infer<typeof schema>;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty line copied from .env.example means "not set", not "set to nothing".
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Tunnus: invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= readEnv();
  return cached;
}

export const isProduction = (e: Env = env()) => e.NODE_ENV === "production";
/** Demo data, the dev mailbox and captured messages are allowed: development, tests, or demo mode. */
export const isDemoAllowed = (e: Env = env()) => !isProduction(e) || e.TUNNUS_DEMO;

/**
 * The public origin links in messages are built from: APP_ORIGIN, never the request's Host header.
 * Development falls back to the local server.
 */
export function appOrigin(e: Env = env()): string {
  if (e.APP_ORIGIN) return e.APP_ORIGIN.replace(/\/+$/, "");
  if (isProduction(e)) throw new Error("APP_ORIGIN is not set.");
  return `http://localhost:${process.env.PORT ?? 3000}`;
}

/** Development, tests and demo mode capture messages unless told otherwise; production sends them. */
export const emailTransportKind = (e: Env = env()) => e.EMAIL_TRANSPORT ?? (isDemoAllowed(e) ? "capture" : "smtp");
export const smsTransportKind = (e: Env = env()) => e.SMS_TRANSPORT ?? (isDemoAllowed(e) ? "capture" : "sns");

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
