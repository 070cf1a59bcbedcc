import { JWTSessionError, UnknownAction } from "@auth/core/errors";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authLogger } from "@/lib/auth/logger";
import { DatabaseQueryError } from "@/lib/db/query-errors";
import { logRequestError } from "@/lib/request-errors";

const lines = () => {
  const out: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void out.push(args.map(String).join(" ")));
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void out.push(args.map(String).join(" ")));
  return out;
};
afterEach(() => vi.restoreAllMocks());
/** As Auth.js wraps an error it caught (its typings admit only a message). */
const wrapped = (cause: Error) => new JWTSessionError(cause as never);

describe("Auth.js's log", () => {
  it("is one line per error, its type and the cause's code, never a stack, a message or a cookie", () => {
    const out = lines();
    const jose = Object.assign(new Error("Invalid Compact JWE eyJhbGciOiJkaXIi.secret-cookie-part"), {
      code: "ERR_JWE_INVALID",
    });
    authLogger.error(wrapped(jose));
    authLogger.error(new UnknownAction("Cannot parse action at /api/auth/callback/x?code=123456"));
    authLogger.error(
      wrapped(
        new DatabaseQueryError('select "id" from "sessions" where "id" = $1', { name: "PostgresError", code: "42703" }),
      ),
    );
    authLogger.warn("debug-enabled");
    expect(out).toEqual([
      "[auth][error] JWTSessionError (ERR_JWE_INVALID)",
      "[auth][error] UnknownAction",
      "[auth][error] JWTSessionError (DatabaseQueryError 42703)",
      "[auth][warn] debug-enabled",
    ]);
  });
});

describe("onRequestError", () => {
  it("logs the error's name, code and digest and the route's pattern, nothing of the request", () => {
    const out = lines();
    const error = Object.assign(
      new DatabaseQueryError('update "users" set "x" = $1', { name: "PostgresError", code: "23505" }),
      { digest: "2417593825" },
    );
    const request = {
      path: "/activate/AbCdEf123-token?x=1",
      method: "POST",
      headers: { cookie: "__Host-tunnus.session=secret" },
    };
    logRequestError(error, request, {
      routerKind: "App Router",
      routePath: "/activate/[token]",
      routeType: "action",
      revalidateReason: undefined,
    });
    logRequestError("a thrown string", request, {
      routerKind: "App Router",
      routePath: "/login",
      routeType: "render",
      revalidateReason: undefined,
    });
    expect(out).toEqual([
      "[tunnus] action /activate/[token] failed: DatabaseQueryError code=23505 digest=2417593825",
      "[tunnus] render /login failed: string",
    ]);
  });
});
