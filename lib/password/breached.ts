import { createHash } from "node:crypto";
import { type Env, env, isProduction } from "@/lib/env";

/** How long a new password waits for the breach list before going on without it. */
const BREACH_CHECK_TIMEOUT_MS = 2000;

export type BreachLookup =
  { ok: true; breached: boolean } | { ok: false; reason: "timeout" | "network" | `status ${number}` };

/** On in production; off in development, tests and demo mode (which must not call out) unless HIBP_ENABLED says. */
export function breachCheckSettings(e: Env = env()): { enabled: boolean; apiUrl: string } {
  return { enabled: e.HIBP_ENABLED ?? (isProduction(e) && !e.TUNNUS_DEMO), apiUrl: e.HIBP_API_URL.replace(/\/+$/, "") };
}

/**
 * Is the password in Have I Been Pwned's list of breached passwords? k-anonymity: only the first
 * 5 hex characters of its SHA-1 leave the server; the answer lists every suffix under that prefix,
 * padded with fake ones (count 0) so that its size tells nothing either. The password is the
 * NFKC form that is stored (lib/password/hash.ts).
 */
export async function lookUpBreachedPassword(
  password: string,
  opts: { apiUrl: string; timeoutMs?: number },
): Promise<BreachLookup> {
  const hash = createHash("sha1").update(password.normalize("NFKC"), "utf8").digest("hex").toUpperCase();
  const suffix = hash.slice(5);
  let body: string;
  try {
    const response = await fetch(`${opts.apiUrl}/range/${hash.slice(0, 5)}`, {
      headers: { "Add-Padding": "true", "User-Agent": "Tunnus password check" },
      signal: AbortSignal.timeout(opts.timeoutMs ?? BREACH_CHECK_TIMEOUT_MS),
      cache: "no-store",
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      return { ok: false, reason: `status ${response.status}` };
    }
    body = await response.text();
  } catch (error) {
    return { ok: false, reason: error instanceof Error && error.name === "TimeoutError" ? "timeout" : "network" };
  }
  for (const line of body.split("\n")) {
    const [lineSuffix, count] = line.trim().split(":");
    if (lineSuffix?.toUpperCase() === suffix && Number(count) > 0) return { ok: true, breached: true };
  }
  return { ok: true, breached: false };
}
