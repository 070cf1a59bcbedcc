import { vercelClientAddress } from "@/lib/client-address";
import { stampedClientAddress } from "@/lib/client-address-hook";

/** Who is asking: the client's address and browser, for limits and the audit trail. */
export type RequestContext = { ip: string; userAgent: string | null };

/**
 * The client's address: on Vercel the platform's own header; under `next start` or `next dev`
 * the one the hook installed by `register()` derived from the socket and TRUSTED_PROXY_HOPS
 * (lib/client-address-hook.ts). X-Forwarded-For as a client sent it is never read here.
 */
export function requestContextFrom(headers: Headers, onVercel = Boolean(process.env.VERCEL)): RequestContext {
  const ip = onVercel ? vercelClientAddress(headers) : (stampedClientAddress(headers) ?? "unknown");
  return { ip: ip.slice(0, 64), userAgent: headers.get("user-agent")?.slice(0, 512) ?? null };
}
