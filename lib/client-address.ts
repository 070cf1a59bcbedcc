import { isIP } from "node:net";

/**
 * One address as the limits and the audit trail keep it: IPv4 dotted, IPv6 in its one canonical
 * form (so `2001:DB8:0::1` and `2001:db8::1` are one client), an IPv4 address mapped into IPv6
 * as IPv4. A port some proxies append, and an IPv6 zone, are dropped. Anything else is null.
 */
export function normalizeAddress(raw: string | null | undefined): string | null {
  let value = raw?.trim();
  if (!value || value.length > 64) return null;
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(value);
  if (bracketed) {
    if (bracketed[2] && Number(bracketed[2]) > 65535) return null;
    value = bracketed[1]!;
  } else {
    const withPort = /^([\d.]+):(\d{1,5})$/.exec(value);
    if (withPort) {
      if (Number(withPort[2]) > 65535) return null;
      value = withPort[1]!;
    }
  }
  value = value.split("%")[0]!;
  const kind = isIP(value);
  if (kind === 4) return value;
  if (kind !== 6) return null;
  const canonical = new URL(`http://[${value}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped) return canonical;
  const [high, low] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

export type AddressSources = {
  /** The address of the connection's other end: the client, or the nearest proxy. */
  socketAddress: string | undefined;
  /** X-Forwarded-For as received (Node joins repeated headers with commas). */
  forwardedFor: string | undefined;
  /** TRUSTED_PROXY_HOPS: how many proxies in front each appended the address they saw. */
  hops: number;
};

/**
 * Who the client is, given how many proxies to trust. The chain is X-Forwarded-For followed by
 * the socket's address; each trusted proxy appended one entry, so the client is `hops` entries
 * from the right. Everything left of that was written by the client and is never believed.
 * A chain shorter than the hops (a request that came round the outer proxy) gives its leftmost
 * entry, the farthest one a trusted proxy wrote; an entry that is not an address gives the
 * nearest valid one to its right, a proxy's, never the client's choice.
 */
export function clientAddress({ socketAddress, forwardedFor, hops }: AddressSources): string {
  const forwarded = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded.slice(-hops || forwarded.length), socketAddress ?? ""];
  for (let i = Math.max(0, chain.length - 1 - hops); i < chain.length; i++) {
    const address = normalizeAddress(chain[i]);
    if (address) return address;
  }
  return "unknown";
}

/** On Vercel the platform overwrites its own header with the client's address; nothing else is believed. */
export function vercelClientAddress(headers: Headers): string {
  const vercel = headers.get("x-vercel-forwarded-for")?.split(",")[0];
  return normalizeAddress(vercel) ?? normalizeAddress(headers.get("x-real-ip")) ?? "unknown";
}
