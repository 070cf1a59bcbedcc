import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * "This signed-in person asked to link an account of this provider", carried across the
 * provider's consent in an httpOnly cookie. Signed, so nobody can write one for somebody else;
 * bound to the session, so it dies with a sign-out; short-lived, so a forgotten one cannot be
 * used later by whoever sits at the computer next.
 */
export type LinkIntent = { userId: string; sessionId: string; provider: string; expiresAt: number };

export const LINK_INTENT_TTL_SECONDS = 10 * 60;

const sign = (payload: string, secret: string) =>
  createHmac("sha256", secret).update(`tunnus.link-intent.${payload}`).digest("base64url");

export function encodeLinkIntent(intent: LinkIntent, secret: string): string {
  const payload = Buffer.from(
    JSON.stringify([intent.userId, intent.sessionId, intent.provider, intent.expiresAt]),
  ).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

/** The intent, or null when the value was not made by us, is malformed or has expired. */
export function decodeLinkIntent(value: string | undefined, secret: string, now: Date): LinkIntent | null {
  if (!value || value.length > 1024) return null;
  const [payload, mac, extra] = value.split(".");
  if (!payload || !mac || extra !== undefined) return null;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 4) return null;
    const [userId, sessionId, provider, expiresAt] = parsed;
    if (
      typeof userId !== "string" ||
      typeof sessionId !== "string" ||
      typeof provider !== "string" ||
      typeof expiresAt !== "number"
    )
      return null;
    if (expiresAt <= now.getTime()) return null;
    return { userId, sessionId, provider, expiresAt };
  } catch {
    return null;
  }
}
