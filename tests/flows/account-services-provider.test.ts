import * as oidc from "openid-client";
import { describe, expect, it } from "vitest";
import { connectedServicesOf, withdrawService } from "@/lib/flows/account/services";
import { seededTestDb } from "../helpers/db";
import { must } from "../helpers/fixtures";
import { insertMember } from "../helpers/members";
import { authorize, exchange, providerServer, registerService, relyingParty, TestBrowser } from "../helpers/oidc";

/**
 * "Peru pääsy" against the provider itself: a member signed in to two services with a real relying
 * party library; withdrawing one ends its refresh and access tokens at once and leaves the other's.
 */
const h = seededTestDb();
const op = providerServer(() => h.db);

const ctx = () => ({ now: new Date(), ip: "192.0.2.77", userAgent: "vitest" });

describe("withdrawing a service, with the provider", () => {
  it("ends that service's refresh and access tokens, keeps the other's, and the service can sign in afresh", async () => {
    const member = await insertMember(h.db);
    const org = member.organization.id;
    const shop = await registerService(h.db, org, { name: "Kauppa" });
    const learning = await registerService(h.db, org, { name: "Verkkokoulu" });
    const browser = new TestBrowser(op.issuer);
    await browser.signIn(h.db, member.user.id);
    const signInTo = async (service: typeof shop) => {
      const config = await relyingParty(op.issuer, service);
      const flow = await authorize(config, browser, { scope: "openid email offline_access", prompt: "consent" });
      const tokens = await exchange(config, flow);
      return { config, tokens, refreshToken: must(tokens.refresh_token, "a refresh token") };
    };
    const atShop = await signInTo(shop);
    const atLearning = await signInTo(learning);

    // The provider's token events made the list.
    const listed = await connectedServicesOf(h.db, member.user.id);
    expect(listed.map((s) => s.name).sort()).toEqual(["Kauppa", "Verkkokoulu"]);
    expect(listed.find((s) => s.name === "Kauppa")?.scopes).toEqual(
      expect.arrayContaining(["openid", "email", "offline_access"]),
    );

    const result = await withdrawService(h.db, { user: member.user, clientRowId: shop.row.id }, ctx());
    expect(result).toMatchObject({ ok: true, name: "Kauppa" });
    expect(result.ok && result.grantsRevoked).toBeGreaterThanOrEqual(1);

    await expect(oidc.refreshTokenGrant(atShop.config, atShop.refreshToken)).rejects.toMatchObject({
      error: "invalid_grant",
    });
    await expect(
      oidc.fetchUserInfo(atShop.config, atShop.tokens.access_token, member.user.oidcSubject),
    ).rejects.toBeTruthy();
    const refreshed = await oidc.refreshTokenGrant(atLearning.config, atLearning.refreshToken);
    expect(refreshed.access_token).toBeTruthy();
    expect((await connectedServicesOf(h.db, member.user.id)).map((s) => s.name)).toEqual(["Verkkokoulu"]);

    // Signing in to the service again starts afresh, and it is listed again.
    const again = await signInTo(shop);
    expect(again.tokens.access_token).toBeTruthy();
    expect((await connectedServicesOf(h.db, member.user.id)).map((s) => s.name).sort()).toEqual([
      "Kauppa",
      "Verkkokoulu",
    ]);
  });
});
