import { createCipheriv, createDecipheriv, generateKeyPairSync, hkdfSync, randomBytes } from "node:crypto";
import { and, asc, desc, gt, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { oidcSigningKeys } from "@/lib/db/schema";
import { authSecret } from "@/lib/session/dev-secret";

/**
 * The provider's signing keys, kept in the database so every instance signs with the same ones.
 * The private half is sealed with AES-256-GCM under a key derived from AUTH_SECRET (HKDF, its own
 * label), so a database dump holds no usable signing key.
 */

export const SIGNING_ALGS = ["RS256", "ES256"] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];
type Jwk = Record<string, unknown>;

const INFO = "tunnus/oidc-signing-keys/v1";
const sealingKey = () => Buffer.from(hkdfSync("sha256", authSecret(), Buffer.alloc(0), INFO, 32));

function seal(jwk: Jwk, kid: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(), iv);
  cipher.setAAD(Buffer.from(kid));
  const body = Buffer.concat([cipher.update(JSON.stringify(jwk), "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url")}`;
}

function open(sealed: string, kid: string): Jwk {
  const [version, payload] = sealed.split(".");
  if (version !== "v1" || !payload) throw new Error(`signing key ${kid} is not sealed in a known format`);
  const bytes = Buffer.from(payload, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", sealingKey(), bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(kid));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  try {
    return JSON.parse(
      Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString("utf8"),
    ) as Jwk;
  } catch {
    throw new Error(`signing key ${kid} cannot be opened: was AUTH_SECRET changed? Run "keys:rotate".`);
  }
}

function newKeyPair(alg: SigningAlg) {
  const pair =
    alg === "RS256"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : generateKeyPairSync("ec", { namedCurve: "P-256" });
  const kid = randomBytes(12).toString("base64url");
  const common = { kid, alg, use: "sig" };
  return {
    kid,
    alg,
    publicJwk: { ...pair.publicKey.export({ format: "jwk" }), ...common },
    privateJwk: { ...pair.privateKey.export({ format: "jwk" }), ...common },
  };
}

async function insertKey(db: Db, alg: SigningAlg, now: Date) {
  const key = newKeyPair(alg);
  await db.insert(oidcSigningKeys).values({
    kid: key.kid,
    alg,
    publicJwk: key.publicJwk,
    sealedPrivateJwk: seal(key.privateJwk, key.kid),
    createdAt: now,
  });
  return key.kid;
}

/**
 * One signing key per algorithm exists. Several instances may start at once: an advisory lock
 * makes the first one create them and the others see them.
 */
export async function ensureSigningKeys(db: Db, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('tunnus.oidc_signing_keys'))`);
    const active = await tx
      .select({ alg: oidcSigningKeys.alg })
      .from(oidcSigningKeys)
      .where(isNull(oidcSigningKeys.retiredAt));
    for (const alg of SIGNING_ALGS) {
      if (!active.some((k) => k.alg === alg)) await insertKey(tx as unknown as Db, alg, now);
    }
  });
}

/**
 * `keys:rotate`: the current keys stop signing and stay published for `keepPublishedSeconds`
 * (the longest lifetime of anything they signed), and new ones sign from now on.
 */
export async function rotateSigningKeys(
  db: Db,
  { now = new Date(), keepPublishedSeconds }: { now?: Date; keepPublishedSeconds: number },
): Promise<{ retired: string[]; created: string[] }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('tunnus.oidc_signing_keys'))`);
    const retired = await tx
      .update(oidcSigningKeys)
      .set({ retiredAt: now, publishUntil: new Date(now.getTime() + keepPublishedSeconds * 1000) })
      .where(isNull(oidcSigningKeys.retiredAt))
      .returning({ kid: oidcSigningKeys.kid });
    const created: string[] = [];
    for (const alg of SIGNING_ALGS) created.push(await insertKey(tx as unknown as Db, alg, now));
    return { retired: retired.map((r) => r.kid), created };
  });
}

/**
 * The keys for oidc-provider's `jwks`: the active ones first (it signs with the first key of an
 * algorithm), then the retired ones still published. `version` changes whenever the set does.
 */
export async function loadSigningKeys(db: Db, now = new Date()): Promise<{ keys: Jwk[]; version: string }> {
  const rows = await db
    .select()
    .from(oidcSigningKeys)
    .where(or(isNull(oidcSigningKeys.retiredAt), gt(oidcSigningKeys.publishUntil, now)))
    .orderBy(sql`${oidcSigningKeys.retiredAt} IS NOT NULL`, desc(oidcSigningKeys.createdAt), asc(oidcSigningKeys.kid));
  // oidc-provider wants private keys in its set, and signs with the first one that fits: the
  // active ones come first, so a retired key is only published (and checked against).
  const keys: Jwk[] = [];
  for (const row of rows) {
    try {
      keys.push(open(row.sealedPrivateJwk, row.kid));
    } catch (error) {
      // A retired key sealed under an earlier AUTH_SECRET is left out (its tokens fail to verify
      // until they expire); an active one that cannot be opened stops the provider with the reason.
      if (!row.retiredAt) throw error;
      console.error(`oidc: retired signing key ${row.kid} cannot be opened and is not published`);
    }
  }
  return { keys, version: rows.map((r) => `${r.kid}:${r.retiredAt ? "r" : "a"}`).join(",") };
}

/** The set's version alone, cheap enough to ask on every request batch. */
export async function signingKeysVersion(db: Db, now = new Date()): Promise<string> {
  const rows = await db
    .select({ kid: oidcSigningKeys.kid, retiredAt: oidcSigningKeys.retiredAt })
    .from(oidcSigningKeys)
    .where(and(or(isNull(oidcSigningKeys.retiredAt), gt(oidcSigningKeys.publishUntil, now))))
    .orderBy(sql`${oidcSigningKeys.retiredAt} IS NOT NULL`, desc(oidcSigningKeys.createdAt), asc(oidcSigningKeys.kid));
  return rows.map((r) => `${r.kid}:${r.retiredAt ? "r" : "a"}`).join(",");
}
