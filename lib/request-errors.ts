import type { Instrumentation } from "next";

/**
 * Next's `onRequestError`: one line naming the route's pattern and the error by its name, code and
 * digest (the digest is what the visitor's error page shows). Nothing of the request: its path
 * holds tokens (`/activate/…`), its headers the session cookie, an error's message may quote values.
 */
export const logRequestError: Instrumentation.onRequestError = (error, _request, context) => {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
    digest?: unknown;
  };
  const name = error instanceof Error ? error.name : typeof e.name === "string" ? e.name : typeof error;
  const code = typeof e.code === "string" || typeof e.code === "number" ? ` code=${e.code}` : "";
  const digest = typeof e.digest === "string" ? ` digest=${e.digest}` : "";
  console.error(`[tunnus] ${context.routeType} ${context.routePath} failed: ${name}${code}${digest}`);
};
