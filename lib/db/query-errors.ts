import { DrizzleQueryError } from "drizzle-orm";
import { PgDatabase, PgPreparedQuery } from "drizzle-orm/pg-core";

type DriverError = Error & {
  code?: unknown;
  severity?: unknown;
  constraint?: unknown;
  constraint_name?: unknown;
  table?: unknown;
  table_name?: unknown;
  column?: unknown;
  column_name?: unknown;
  routine?: unknown;
};

const text = (...values: unknown[]) => values.find((v): v is string => typeof v === "string" && v !== "");

/**
 * A failed query as it may leave the database layer. Drizzle's own error puts the parameters in
 * its message, and the drivers' errors carry them as properties; Next prints a server error with
 * both. Parameters are session ids, password hashes, links and codes. Postgres's own message and
 * detail go too: they quote values (`invalid input syntax for type uuid: "…"`, `Key (…)=(…)`).
 * What stays: the SQL with its `$1` placeholders, the SQLSTATE and the names of the constraint,
 * table and column, which is what finding the cause needs. No stack: a server prints one per
 * failing request, and the SQL says where it failed.
 */
export class DatabaseQueryError extends Error {
  override name = "DatabaseQueryError";
  /** The SQLSTATE (`23505`), or the driver's code for a connection failure (`ECONNREFUSED`). */
  declare readonly code?: string;
  /** The SQL with its placeholders (also in the message, so not printed twice). */
  declare readonly query?: string;
  declare readonly constraint?: string;
  declare readonly table?: string;
  declare readonly column?: string;

  constructor(query: string | undefined, driverError: unknown) {
    const d = (driverError ?? {}) as DriverError;
    const names = {
      code: text(d.code),
      constraint: text(d.constraint, d.constraint_name),
      table: text(d.table, d.table_name),
      column: text(d.column, d.column_name),
    };
    const sql = query?.replace(/\s+/g, " ").trim();
    const what = [
      names.code ?? "no code",
      ...(["constraint", "table", "column"] as const).filter((k) => names[k]).map((k) => `${k} ${names[k]}`),
    ].join(", ");
    super(`Database query failed (${what})${sql ? `: ${sql}` : ""}`);
    // Only what is there, so a printed error shows no empty fields.
    for (const [key, value] of Object.entries(names))
      if (value) Object.defineProperty(this, key, { value, enumerable: true });
    const code = names.code;
    Object.defineProperty(this, "query", { value: sql, enumerable: false });
    // For code that reads the driver's code from the cause, as it would on Drizzle's own error.
    Object.defineProperty(this, "cause", { value: { code }, enumerable: false });
    this.stack = `${this.name}: ${this.message}`;
  }
}

const isDrizzleQueryError = (e: unknown): e is DrizzleQueryError =>
  e instanceof DrizzleQueryError ||
  (e instanceof Error &&
    typeof (e as { query?: unknown }).query === "string" &&
    Array.isArray((e as { params?: unknown }).params));

/** postgres.js's PostgresError, PGlite's DatabaseError: a severity and a code from the server. */
const isDriverError = (e: unknown): e is DriverError =>
  e instanceof Error &&
  (e.name === "PostgresError" ||
    (typeof (e as DriverError).severity === "string" && typeof (e as DriverError).code === "string"));

/** The error without its parameters if it came from the database; any other error as it is. */
function withoutParameters(error: unknown): unknown {
  if (error instanceof DatabaseQueryError) return error;
  if (isDrizzleQueryError(error)) return new DatabaseQueryError(error.query, error.cause);
  if (isDriverError(error)) return new DatabaseQueryError(undefined, error);
  return error;
}

let installed = false;

/**
 * Every query of either driver runs through `PgPreparedQuery.queryWithCache`, where Drizzle wraps a
 * failure; a transaction's own statements (BEGIN, COMMIT) fail inside `PgDatabase.transaction`.
 * Both rethrow without parameters. tests/flows/query-errors.test.ts pins this to Drizzle's internals.
 */
export function keepParametersOutOfErrors(): void {
  if (installed) return;
  installed = true;
  const prepared = PgPreparedQuery.prototype as unknown as { queryWithCache: (...args: unknown[]) => Promise<unknown> };
  const runQuery = prepared.queryWithCache;
  prepared.queryWithCache = async function (this: unknown, ...args: unknown[]) {
    try {
      return await runQuery.apply(this, args);
    } catch (error) {
      throw withoutParameters(error);
    }
  };
  const database = PgDatabase.prototype as unknown as { transaction: (...args: unknown[]) => Promise<unknown> };
  const runTransaction = database.transaction;
  database.transaction = async function (this: unknown, ...args: unknown[]) {
    try {
      return await runTransaction.apply(this, args);
    } catch (error) {
      throw withoutParameters(error);
    }
  };
}
