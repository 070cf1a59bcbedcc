import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env, isProduction } from "@/lib/env";

/**
 * AUTH_SECRET, or in development a random one kept in `.data/` so that sessions survive a
 * restart without anybody committing a shared secret. Production always needs AUTH_SECRET.
 */
export function authSecret(): string {
  const e = env();
  if (e.AUTH_SECRET) return e.AUTH_SECRET;
  if (isProduction(e)) throw new Error("AUTH_SECRET is not set.");
  const file = path.resolve(".data/dev-auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}
