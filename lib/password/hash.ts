import { hash, verify } from "@node-rs/argon2";

/**
 * argon2id with the OWASP minimum, passed explicitly so a library default can never lower it.
 * `algorithm: 2` is argon2id (the library's const enum cannot be imported under isolatedModules).
 */
export const ARGON2_PARAMS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** NIST SP 800-63B asks for Unicode normalisation, so "ä" typed two ways is one password. */
const normalize = (password: string) => password.normalize("NFKC");

export function hashPassword(password: string): Promise<string> {
  return hash(normalize(password), ARGON2_PARAMS);
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, normalize(password));
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}

/** The stored hash was made with weaker parameters (or another algorithm) than today's. */
export function needsRehash(storedHash: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(storedHash);
  if (!m) return true;
  const [memory, time, parallelism] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return (
    memory < ARGON2_PARAMS.memoryCost || time < ARGON2_PARAMS.timeCost || parallelism !== ARGON2_PARAMS.parallelism
  );
}

let dummyHash: Promise<string> | undefined;
/**
 * Verifying against this costs what a real verify costs, so an unknown or blocked account
 * answers in the same time as a wrong password.
 */
export async function verifyDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword("tunnus-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
}
