import { SERVICE_URI_MAX } from "@/lib/validation/limits";

/** Why an address of a service was refused: a message key under the forms' errors. */
export type ServiceUriProblem =
  "empty" | "tooLong" | "invalid" | "scheme" | "notHttps" | "fragment" | "wildcard" | "userinfo";

export type ServiceUriCheck = { ok: true; value: string } | { ok: false; reason: ServiceUriProblem };

/** White space, control characters and backslashes: a browser reads these differently from the provider. */
const UNSAFE = /[\s\u0000-\u001f\u007f-\u009f\\]/;

/** The loopback hosts a service under development may use over plain http. */
const LOOPBACK = new Set(["localhost", "127.0.0.1"]);

/**
 * One address of a service (redirect, post-logout, back-channel logout, home): an absolute
 * https URL, compared as an exact string by the provider, so it is kept as typed (trimmed). In
 * development (`production: false`) http://localhost[:port] and http://127.0.0.1[:port] are
 * allowed too. No fragment (the code would travel in it), no wildcard (`*` anywhere), no
 * user name or password before the host.
 */
export function checkServiceUri(raw: string, { production }: { production: boolean }): ServiceUriCheck {
  const value = raw.trim();
  if (!value) return { ok: false, reason: "empty" };
  if (value.length > SERVICE_URI_MAX) return { ok: false, reason: "tooLong" };
  if (value.includes("*")) return { ok: false, reason: "wildcard" };
  if (UNSAFE.test(value)) return { ok: false, reason: "invalid" };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "scheme" };
  // "https:example.org" parses (as https://example.org/); the provider compares the string as typed.
  if (!/^https?:\/\/[^/]/i.test(value) || !url.hostname) return { ok: false, reason: "invalid" };
  // Also "https://@example.org", whose user name is empty: the authority has no "@" at all.
  const authority = value.replace(/^https?:\/\//i, "").split(/[/?#]/)[0] ?? "";
  if (url.username || url.password || authority.includes("@")) return { ok: false, reason: "userinfo" };
  if (value.includes("#")) return { ok: false, reason: "fragment" };
  if (url.protocol === "http:" && (production || !LOOPBACK.has(url.hostname))) return { ok: false, reason: "notHttps" };
  return { ok: true, value };
}
