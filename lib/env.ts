import { z } from "zod";

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
