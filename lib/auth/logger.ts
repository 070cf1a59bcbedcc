import type { NextAuthConfig } from "next-auth";

type Cause = { err?: unknown };
const codeOf = (e: unknown) => {
  if (!(e instanceof Error)) return "";
  const code = (e as { code?: unknown }).code;
  // A minified library's class name says nothing; its code does.
  if (e.name === "DatabaseQueryError") return `${e.name}${typeof code === "string" ? ` ${code}` : ""}`;
  return typeof code === "string" ? code : e.name;
};

/**
 * Auth.js's log: one line per error, its type and its cause's code. Its own logger prints the
 * cause's stack and "details" for every request with a bad or stale session cookie, and the
 * messages and details can carry paths, provider answers and, before this, query parameters.
 */
export const authLogger = {
  error(error: Error) {
    const type = (error as { type?: unknown }).type;
    const cause = codeOf((error.cause as Cause | undefined)?.err);
    console.error(`[auth][error] ${typeof type === "string" ? type : error.name}${cause ? ` (${cause})` : ""}`);
  },
  warn(code: string) {
    console.warn(`[auth][warn] ${code}`);
  },
  debug() {},
} satisfies NextAuthConfig["logger"];
