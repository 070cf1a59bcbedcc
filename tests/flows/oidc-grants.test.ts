import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { oidcConnections, oidcModels } from "@/lib/db/schema";
import { recordServiceUse, revokeGrantsOf } from "@/lib/oidc/grants";
import { seededTestDb } from "../helpers/db";
import { firstOf } from "../helpers/fixtures";
import { insertMember } from "../helpers/members";
import { insertGrant, insertService, rowsOfGrant } from "../helpers/oidc-rows";

/** A person's grants to services in the provider's state (oidc_models), and their use of the services. */
const h = seededTestDb();

const GRANT_AND_TOKENS = ["AccessToken", "AuthorizationCode", "Grant", "RefreshToken"];

async function twoServices() {
  const member = await insertMember(h.db);
  const org = member.organization.id;
  const a = await insertService(h.db, { organizationId: org, name: "A" });
  const b = await insertService(h.db, { organizationId: org, name: "B" });
  return { member, a, b };
}

describe("revokeGrantsOf", () => {
  it("for one service deletes its grants and every row under them, and nothing else", async () => {
    const { member, a, b } = await twoServices();
    const subject = member.user.oidcSubject;
    const a1 = await insertGrant(h.db, { subject, clientId: a.clientId });
    const a2 = await insertGrant(h.db, { subject, clientId: a.clientId });
    const b1 = await insertGrant(h.db, { subject, clientId: b.clientId });
    const other = await insertMember(h.db);
    const othersA = await insertGrant(h.db, { subject: other.user.oidcSubject, clientId: a.clientId });
    // A row of the person's that no grant owns (an OpenID session) stays.
    await h.db.insert(oidcModels).values({ kind: "Session", id: `s-${subject}`, accountId: subject, payload: {} });

    expect(await revokeGrantsOf(h.db, { subject, clientId: a.clientId })).toBe(2);
    expect(await rowsOfGrant(h.db, a1)).toEqual([]);
    expect(await rowsOfGrant(h.db, a2)).toEqual([]);
    expect(await rowsOfGrant(h.db, b1)).toEqual(GRANT_AND_TOKENS);
    expect(await rowsOfGrant(h.db, othersA)).toEqual(GRANT_AND_TOKENS);
    expect(await h.count(oidcModels, and(eq(oidcModels.kind, "Session"), eq(oidcModels.accountId, subject)))).toBe(1);
    expect(await revokeGrantsOf(h.db, { subject, clientId: a.clientId })).toBe(0);
  });

  it("without a service deletes every grant of the person (as a disable, lock or reset will)", async () => {
    const { member, a, b } = await twoServices();
    const subject = member.user.oidcSubject;
    const grants = [
      await insertGrant(h.db, { subject, clientId: a.clientId }),
      await insertGrant(h.db, { subject, clientId: b.clientId }),
    ];
    expect(await revokeGrantsOf(h.db, { subject })).toBe(2);
    for (const g of grants) expect(await rowsOfGrant(h.db, g)).toEqual([]);
  });

  it("inside a caller's transaction is undone with it", async () => {
    const { member, a } = await twoServices();
    const subject = member.user.oidcSubject;
    const grant = await insertGrant(h.db, { subject, clientId: a.clientId });
    await expect(
      h.db.transaction(async (tx) => {
        expect(await revokeGrantsOf(tx, { subject, clientId: a.clientId })).toBe(1);
        throw new Error("the caller's next step fails");
      }),
    ).rejects.toThrow("the caller's next step fails");
    expect(await rowsOfGrant(h.db, grant)).toEqual(GRANT_AND_TOKENS);
  });
});

describe("recordServiceUse", () => {
  it("adds the connection at the first use; later uses move the last use and add scopes", async () => {
    const { member, a } = await twoServices();
    const connection = () =>
      firstOf(
        h.db
          .select()
          .from(oidcConnections)
          .where(and(eq(oidcConnections.userId, member.user.id), eq(oidcConnections.clientId, a.id))),
        "the connection",
      );
    const first = new Date("2026-12-01T08:00:00Z");
    const later = new Date("2026-12-02T09:30:00Z");
    const input = { userId: member.user.id, clientRowId: a.id };
    await recordServiceUse(h.db, { ...input, scopes: ["openid", "profile"], now: first });
    expect(await connection()).toMatchObject({ scopes: ["openid", "profile"], firstUsedAt: first, lastUsedAt: first });
    await recordServiceUse(h.db, { ...input, scopes: ["openid", "email", "openid"], now: later });
    expect(await connection()).toMatchObject({
      scopes: ["email", "openid", "profile"],
      firstUsedAt: first,
      lastUsedAt: later,
    });
    // A use recorded late (an older event) never moves the last use back.
    await recordServiceUse(h.db, { ...input, scopes: ["openid"], now: first });
    expect((await connection()).lastUsedAt).toEqual(later);
  });
});
