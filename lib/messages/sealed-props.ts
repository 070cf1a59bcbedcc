import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "@/lib/session/dev-secret";

/**
 * A message's links and codes while it waits in the outbox: AES-256-GCM under a key of their own,
 * derived from AUTH_SECRET with HKDF (so the key does nothing else), and bound to the message's
 * channel, recipient and template. A database dump or backup holds no working link; a row whose
 * recipient was changed in the database cannot be opened, so it is never sent to the new address.
 */

const VERSION = "v1";
const INFO = "tunnus/outbox-sealed-props/v1";

export class SealedPropsError extends Error {
  constructor() {
    super("the sealed props could not be opened");
  }
}

let cached: { secret: string; key: Buffer } | null = null;
function key(): Buffer {
  const secret = authSecret();
  if (cached?.secret !== secret)
    cached = { secret, key: Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), INFO, 32)) };
  return cached.key;
}

export type SealBinding = { channel: string; recipient: string; template: string };
const aad = (b: SealBinding) => Buffer.from(JSON.stringify([b.channel, b.recipient, b.template]));

export function sealProps(props: Record<string, unknown>, binding: SealBinding): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(aad(binding));
  const body = Buffer.concat([cipher.update(JSON.stringify(props), "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url")}`;
}

/** The props as enqueued; throws SealedPropsError for anything else (another key, another recipient). */
export function openProps(sealed: string, binding: SealBinding): Record<string, unknown> {
  const [version, payload] = sealed.split(".");
  if (version !== VERSION || !payload) throw new SealedPropsError();
  const bytes = Buffer.from(payload, "base64url");
  if (bytes.length < 12 + 16) throw new SealedPropsError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), bytes.subarray(0, 12));
    decipher.setAAD(aad(binding));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const text = Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString(
      "utf8",
    );
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new SealedPropsError();
  }
}
