/** Who is asking: the client's address and browser, for limits and the audit trail. */
export type RequestContext = { ip: string; userAgent: string | null };

/**
 * The first address of X-Forwarded-For, as Vercel (and Next's own server) set it. Behind another
 * proxy, that proxy must overwrite the header, or a client could choose its own address.
 */
export function requestContextFrom(headers: Headers): RequestContext {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || headers.get("x-real-ip")?.trim() || "unknown";
  return { ip: ip.slice(0, 64), userAgent: headers.get("user-agent")?.slice(0, 512) ?? null };
}
