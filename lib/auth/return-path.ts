/** Only same-site paths: a crafted link must not send a fresh sign-in to another site. */
export function safeReturnPath(value: unknown, fallback = "/account"): string {
  if (typeof value !== "string" || value.length > 512) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
   
  if (/[\u0000-\u001f\\]/.test(value)) return fallback;
  return value;
}
