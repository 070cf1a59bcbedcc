import { isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { oidcSigningKeys } from "@/lib/db/schema";
import { ensureSigningKeys, loadSigningKeys, rotateSigningKeys } from "@/lib/oidc/keys";
import { emptyTestDb } from "../helpers/db";

const h = emptyTestDb();

describe("the provider's signing keys", () => {
  it("are made once, sealed, and published without their private half", async () => {
    await Promise.all([ensureSigningKeys(h.db), ensureSigningKeys(h.db)]);
    const rows = await h.db.select().from(oidcSigningKeys);
    expect(rows.map((r) => r.alg).sort()).toEqual(["ES256", "RS256"]);
    for (const row of rows) {
      expect(row.publicJwk).not.toHaveProperty("d");
      expect(row.sealedPrivateJwk).toMatch(/^v1\./);
      const publicPart = (row.publicJwk as { n?: string; x?: string }).n ?? (row.publicJwk as { x?: string }).x;
      expect(publicPart && publicPart.length > 20).toBe(true);
      expect(row.sealedPrivateJwk).not.toContain(publicPart);
    }
    const { keys } = await loadSigningKeys(h.db);
    expect(keys).toHaveLength(2);
    expect(keys.every((k) => typeof k.d === "string")).toBe(true);
  });

  it("a retired key that cannot be opened (another AUTH_SECRET) is left out; an active one stops the provider", async () => {
    await rotateSigningKeys(h.db, { keepPublishedSeconds: 3600 });
    await h.db.insert(oidcSigningKeys).values({
      kid: "from-another-secret",
      alg: "RS256",
      publicJwk: { kty: "RSA" },
      sealedPrivateJwk: "v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      retiredAt: new Date(),
      publishUntil: new Date(Date.now() + 3600_000),
    });
    const { keys } = await loadSigningKeys(h.db);
    expect(keys.map((k) => k.kid)).not.toContain("from-another-secret");
    expect(keys).toHaveLength(4);

    await h.db
      .update(oidcSigningKeys)
      .set({ sealedPrivateJwk: "v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
      .where(isNull(oidcSigningKeys.retiredAt));
    await expect(loadSigningKeys(h.db)).rejects.toThrow(/AUTH_SECRET/);
  });
});
