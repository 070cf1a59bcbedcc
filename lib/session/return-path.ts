const OURS = "https://return-path.invalid";

/**
 * Only same-site paths: a crafted link must not send a fresh sign-in to another site. And only
 * printable ASCII: the value goes into a Location header (or Next's redirect header for an action
 * with JavaScript), and Node refuses anything else with a 500, which would also lose the session
 * cookie of the sign-in that just succeeded. Our own return paths are percent-encoded already.
 */
export function safeReturnPath(value: unknown, fallback = "/account"): string {
  if (typeof value !== "string" || value.length > 512) return fallback;
  if (!/^[\x21-\x7e]+$/.test(value)) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  // Whatever a browser makes of it must stay on our origin.
  if (new URL(value, OURS).origin !== OURS) return fallback;
  return value;
}
