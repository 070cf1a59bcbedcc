import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, oidcConnections } from "@/lib/db/schema";
import { loadAccountPage } from "@/lib/flows/account/page";
import { connectedServicesOf, organisationServicesOf, withdrawService } from "@/lib/flows/account/services";
import { seededTestDb } from "../helpers/db";
import { insertMember } from "../helpers/members";
import { insertConnection, insertGrant, insertService, rowsOfGrant } from "../helpers/oidc-rows";

/** "Palvelut, joihin olet kirjautunut" and "Siirry palveluun" on /account, and "Peru pääsy". */
const h = seededTestDb();

let n = 0;
const ctx = () => ({ now: new Date(), ip: `192.0.2.${++n}`, userAgent: "vitest" });
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
const GRANT_AND_TOKENS = ["AccessToken", "AuthorizationCode", "Grant", "RefreshToken"];

/** A member of Demo Oy (123) with two services of its own, both used, each with a grant and its tokens. */
async function memberWithTwoServices() {
  const member = await insertMember(h.db);
  const org = member.organization.id;
  const shop = await insertService(h.db, { organizationId: org, name: `Kauppa ${++n}` });
  const learning = await insertService(h.db, {
    organizationId: org,
    name: `Verkkokoulu ${n}`,
    homeUrl: "https://oppi.example/",
  });
  await insertConnection(h.db, {
    userId: member.user.id,
    clientRowId: shop.id,
    first: minutesAgo(90),
    last: minutesAgo(5),
  });
  await insertConnection(h.db, {
    userId: member.user.id,
    clientRowId: learning.id,
    scopes: ["openid", "email", "membership"],
    last: minutesAgo(30),
  });
  const subject = member.user.oidcSubject;
  const shopGrant = await insertGrant(h.db, { subject, clientId: shop.clientId });
  const learningGrant = await insertGrant(h.db, { subject, clientId: learning.clientId });
  return { member, shop, learning, shopGrant, learningGrant };
}

describe("connectedServicesOf", () => {
  it("lists the services the person has used, most recently used first, with scopes and times", async () => {
    const { member, shop, learning } = await memberWithTwoServices();
    const services = await connectedServicesOf(h.db, member.user.id);
    expect(services.map((s) => s.name)).toEqual([shop.name, learning.name]);
    expect(services[0]).toMatchObject({
      clientRowId: shop.id,
      homeUrl: "https://palvelu.example/",
      scopes: ["openid", "profile", "email"],
    });
    expect(services[0]?.lastUsedAt.getTime()).toBeGreaterThan(services[0]?.firstUsedAt.getTime() ?? Infinity);
    expect(services[1]).toMatchObject({ clientRowId: learning.id, scopes: ["openid", "email", "membership"] });
  });

  it("shows no other person's connections, and never another organisation's service", async () => {
    const { member } = await memberWithTwoServices();
    const other = await insertMember(h.db);
    expect(await connectedServicesOf(h.db, other.user.id)).toEqual([]);
    // A row the provider would never write: a member of 123 connected to a service of 200.
    const foreign = await insertService(h.db, {
      organizationId: (await h.organization("200")).id,
      name: "Liiton palvelu",
    });
    await insertConnection(h.db, { userId: member.user.id, clientRowId: foreign.id });
    expect((await connectedServicesOf(h.db, member.user.id)).map((s) => s.name)).not.toContain("Liiton palvelu");
  });
});

describe("organisationServicesOf", () => {
  it("lists the organisation's services that have an http(s) front page, by name", async () => {
    const org = (await insertMember(h.db, { licence: "200" })).organization.id;
    await insertService(h.db, { organizationId: org, name: "Ö-palvelu", homeUrl: "https://o.example/" });
    await insertService(h.db, { organizationId: org, name: "A-palvelu", homeUrl: "https://a.example/etusivu" });
    await insertService(h.db, { organizationId: org, name: "Ei etusivua", homeUrl: null });
    await insertService(h.db, { organizationId: org, name: "Skripti", homeUrl: "javascript:alert(1)" });
    const mine = new Set(["Ö-palvelu", "A-palvelu", "Ei etusivua", "Skripti"]);
    const services = (await organisationServicesOf(h.db, org)).filter((s) => mine.has(s.name));
    expect(services.map(({ name, homeUrl }) => ({ name, homeUrl }))).toEqual([
      { name: "A-palvelu", homeUrl: "https://a.example/etusivu" },
      { name: "Ö-palvelu", homeUrl: "https://o.example/" },
    ]);
    const demoOy = (await h.organization("123")).id;
    expect((await organisationServicesOf(h.db, demoOy)).map((s) => s.name)).not.toContain("A-palvelu");
  });
});

describe("withdrawService", () => {
  it("revokes that service's grant and tokens, removes the connection, leaves the other service's, audits", async () => {
    const { member, shop, learning, shopGrant, learningGrant } = await memberWithTwoServices();
    const request = ctx();
    const result = await withdrawService(h.db, { user: member.user, clientRowId: shop.id }, request);
    expect(result).toEqual({ ok: true, name: shop.name, grantsRevoked: 1 });
    expect(await rowsOfGrant(h.db, shopGrant)).toEqual([]);
    expect(await rowsOfGrant(h.db, learningGrant)).toEqual(GRANT_AND_TOKENS);
    expect((await connectedServicesOf(h.db, member.user.id)).map((s) => s.clientRowId)).toEqual([learning.id]);

    const audit = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, "oidc.withdrawn"), eq(auditEvents.subjectUserId, member.user.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      organizationId: member.organization.id,
      actorUserId: member.user.id,
      ip: request.ip,
      userAgent: "vitest",
      details: { clientId: shop.clientId, clientName: shop.name, grantsRevoked: 1 },
    });
  });

  it("leaves another person's grant for the same service alone", async () => {
    const { member, shop } = await memberWithTwoServices();
    const other = await insertMember(h.db);
    await insertConnection(h.db, { userId: other.user.id, clientRowId: shop.id });
    const othersGrant = await insertGrant(h.db, { subject: other.user.oidcSubject, clientId: shop.clientId });
    expect((await withdrawService(h.db, { user: member.user, clientRowId: shop.id }, ctx())).ok).toBe(true);
    expect(await rowsOfGrant(h.db, othersGrant)).toEqual(GRANT_AND_TOKENS);
    expect((await connectedServicesOf(h.db, other.user.id)).map((s) => s.clientRowId)).toEqual([shop.id]);
  });

  it("refuses another organisation's service, one not connected, a second withdrawal and a malformed id", async () => {
    const { member, shop, shopGrant } = await memberWithTwoServices();
    const foreign = await insertService(h.db, { organizationId: (await h.organization("200")).id, name: "Vieras" });
    await insertConnection(h.db, { userId: member.user.id, clientRowId: foreign.id });
    const foreignGrant = await insertGrant(h.db, { subject: member.user.oidcSubject, clientId: foreign.clientId });
    const unused = await insertService(h.db, { organizationId: member.organization.id, name: "Käyttämätön" });
    const withdraw = (clientRowId: string) => withdrawService(h.db, { user: member.user, clientRowId }, ctx());

    expect(await withdraw(foreign.id)).toEqual({ ok: false, reason: "notFound" });
    expect(await rowsOfGrant(h.db, foreignGrant)).toEqual(GRANT_AND_TOKENS);
    expect(await h.count(oidcConnections, eq(oidcConnections.clientId, foreign.id))).toBe(1);
    expect(await withdraw(unused.id)).toEqual({ ok: false, reason: "notConnected" });
    expect(await withdraw("not-a-uuid")).toEqual({ ok: false, reason: "notFound" });
    expect(await withdraw("00000000-0000-4000-8000-000000000000")).toEqual({ ok: false, reason: "notFound" });

    expect((await withdraw(shop.id)).ok).toBe(true);
    expect(await rowsOfGrant(h.db, shopGrant)).toEqual([]);
    expect(await withdraw(shop.id)).toEqual({ ok: false, reason: "notConnected" });
    const audits = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, "oidc.withdrawn"), eq(auditEvents.subjectUserId, member.user.id)));
    expect(audits).toHaveLength(1);
  });

  it("of a service used but never granted anything (no Grant rows) removes the connection and counts none", async () => {
    const member = await insertMember(h.db);
    const service = await insertService(h.db, { organizationId: member.organization.id, name: "Ilman lupaa" });
    await insertConnection(h.db, { userId: member.user.id, clientRowId: service.id });
    expect(await withdrawService(h.db, { user: member.user, clientRowId: service.id }, ctx())).toEqual({
      ok: true,
      name: service.name,
      grantsRevoked: 0,
    });
    expect(await connectedServicesOf(h.db, member.user.id)).toEqual([]);
  });
});

describe("loadAccountPage", () => {
  it("carries the connected services and the organisation's services to go to", async () => {
    const { member, shop, learning } = await memberWithTwoServices();
    const sessionId = "no-such-session";
    const view = await loadAccountPage(
      h.db,
      { user: member.user, organization: member.organization, sessionId },
      new Date(),
    );
    expect(view.connectedServices.map((s) => s.clientRowId)).toEqual([shop.id, learning.id]);
    const names = view.organisationServices.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining([shop.name, learning.name]));
    expect(view.organisationServices.find((s) => s.name === learning.name)?.homeUrl).toBe("https://oppi.example/");
  });
});
