import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { oidcClients, organizations, users } from "@/lib/db/schema";
import { seedDemoData } from "@/lib/db/seed";
import { emptyTestDb } from "../helpers/db";
import { firstOf } from "../helpers/fixtures";

const h = emptyTestDb();

describe("demo data", () => {
  it("is created once on an empty database and never again", async () => {
    expect(await seedDemoData(h.db)).toBe(true);
    expect(await seedDemoData(h.db)).toBe(false);
    const orgs = await h.db.select().from(organizations);
    expect(orgs.map((o) => [o.licence, o.isDefault, o.revealUnknownAccounts]).sort()).toEqual([
      ["123", false, false],
      ["200", true, true],
    ]);
    const people = await h.db.select().from(users);
    expect(people).toHaveLength(7);
    const byName = Object.fromEntries(people.map((u) => [u.username ?? u.membershipNumber, u]));
    expect(byName.admin).toMatchObject({ role: "admin", status: "active" });
    expect(byName.maija).toMatchObject({ phone: "+358401234567", language: "fi", status: "active" });
    expect(byName.erik).toMatchObject({ language: "sv" });
    expect(byName.uusi).toMatchObject({ status: "invited", passwordHash: null });
    expect(byName["10002"]).toMatchObject({ passwordHash: null, email: "uusi.jasen@example.com" });
    expect(byName["90001"]).toMatchObject({ role: "admin", status: "active", email: "liitto.admin@example.com" });
  });

  it("registers the sample service (npm run demo:service) once, for Demo Oy: first-party, public, PKCE", async () => {
    const services = await h.db.select().from(oidcClients);
    expect(services).toHaveLength(1);
    const [demoOy] = await h.db.select().from(organizations).where(eq(organizations.licence, "123"));
    expect(services[0]).toMatchObject({
      clientId: "demo-jasenpalvelu",
      organizationId: demoOy!.id,
      name: "Demo-jäsenpalvelu",
      homeUrl: "http://localhost:3002/",
      redirectUris: ["http://localhost:3002/callback"],
      postLogoutRedirectUris: ["http://localhost:3002/signed-out"],
      kind: "public",
      tokenEndpointAuthMethod: "none",
      secretHash: null,
      firstParty: true,
      scopes: ["openid", "profile", "email", "phone", "membership"],
    });
  });

  it("refuses a second account with the same username in any case", async () => {
    const org = await firstOf(h.db.select().from(organizations), "an organisation");
    await expect(h.db.insert(users).values({ organizationId: org.id, username: "MAIJA" })).rejects.toThrow();
  });
});
