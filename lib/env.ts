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
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().max(24 * 60).default(60),
  LOGIN_IP_LIMIT: z.coerce.number().int().positive().default(30),
  LOGIN_IP_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
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
 * What must be set before the app may serve a request. Returns one readable line per problem,
 * so that an operator sees everything missing at once.
 */
export function startupProblems(e: Env): string[] {
  const problems: string[] = [];
  if (!isProduction(e)) return problems;
  if (!e.DATABASE_URL) {
    problems.push(
      "DATABASE_URL is not set. In production Tunnus needs a Postgres database: set DATABASE_URL to its connection string (postgres://user:password@host:5432/dbname).",
    );
  }
  if (!e.AUTH_SECRET || e.AUTH_SECRET.length < 32) {
    problems.push("AUTH_SECRET must be set to at least 32 random characters (for example: openssl rand -base64 32).");
  }
  if (!e.APP_ORIGIN && !e.TUNNUS_DEMO) {
    problems.push("APP_ORIGIN must be set to the public address of the portal (for example https://tunnus.example.org); links in messages are built from it.");
  }
  return problems;
}

export function assertStartupEnv(e: Env = env()): void {
  const problems = startupProblems(e);
  if (problems.length > 0) {
    throw new Error(`Tunnus cannot start:\n- ${problems.join("\n- ")}`);
  }
}
