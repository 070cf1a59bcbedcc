import { sql } from "drizzle-orm";
import { hashPassword } from "@/lib/password/hash";
import type { Db } from "./client";
import { backfillUsernameSkeletons } from "./identifier-backfill";
import { oidcClients, organizations, users } from "./schema";

/** The password of every active demo account (README). */
export const DEMO_PASSWORD = "demo-salasana-2026";

/** The sample service of `npm run demo:service` (scripts/demo-service.ts), registered for Demo Oy. */
export const DEMO_SERVICE = {
  clientId: "demo-jasenpalvelu",
  name: "Demo-jäsenpalvelu",
  origin: "http://localhost:3002",
} as const;

/**
 * Demo organisations, people and the sample service for development and demo mode. Runs only on
 * an empty database, so it is safe to call at every start and never touches real data.
 */
export async function seedDemoData(db: Db): Promise<boolean> {
  const [{ count }] = (await db.select({ count: sql<number>`count(*)::int` }).from(organizations)) as [
    { count: number },
  ];
  if (count > 0) return false;

  const hashes = await Promise.all(Array.from({ length: 5 }, () => hashPassword(DEMO_PASSWORD)));
  const verified = new Date();
  await db.transaction(async (tx) => {
    const [demoOy, liitto] = await tx
      .insert(organizations)
      .values([
        { licence: "123", name: "Demo Oy", supportEmail: "tuki@demo-oy.example", identifierKind: "username" },
        {
          licence: "200",
          name: "Demo-liitto ry",
          supportEmail: "jasenasiat@demo-liitto.example",
          identifierKind: "membership_number",
          revealUnknownAccounts: true,
          isDefault: true,
        },
      ])
      .returning({ id: organizations.id });
    if (!demoOy || !liitto) throw new Error("seed: the demo organisations were not created");
    await tx.insert(users).values([
      {
        organizationId: demoOy.id,
        username: "admin",
        displayName: "Aino Ylläpitäjä",
        email: "admin@example.com",
        emailVerifiedAt: verified,
        passwordHash: hashes[0],
        status: "active",
        role: "admin",
        language: "fi",
      },
      {
        organizationId: demoOy.id,
        username: "maija",
        displayName: "Maija Meikäläinen",
        email: "maija@example.com",
        emailVerifiedAt: verified,
        phone: "+358401234567",
        phoneVerifiedAt: verified,
        passwordHash: hashes[1],
        status: "active",
        language: "fi",
      },
      {
        organizationId: demoOy.id,
        username: "erik",
        displayName: "Erik Exempel",
        email: "erik@example.com",
        emailVerifiedAt: verified,
        passwordHash: hashes[2],
        status: "active",
        language: "sv",
      },
      {
        organizationId: demoOy.id,
        username: "uusi",
        displayName: "Uuno Uusi",
        email: "uusi@example.com",
        status: "invited",
        language: "fi",
      },
      {
        organizationId: liitto.id,
        membershipNumber: "10001",
        displayName: "Jaana Jäsen",
        email: "jasen@example.com",
        emailVerifiedAt: verified,
        passwordHash: hashes[3],
        status: "active",
        language: "fi",
      },
      {
        organizationId: liitto.id,
        membershipNumber: "90001",
        displayName: "Liisa Liittolainen",
        email: "liitto.admin@example.com",
        emailVerifiedAt: verified,
        passwordHash: hashes[4],
        status: "active",
        role: "admin",
        language: "fi",
      },
      {
        // The "first sign-in" case: a member in the register who has never set a password.
        organizationId: liitto.id,
        membershipNumber: "10002",
        displayName: "Jussi Jäsen",
        email: "uusi.jasen@example.com",
        emailVerifiedAt: verified,
        status: "invited",
        language: "fi",
      },
    ]);
    // A first-party public client (PKCE, no secret): a newcomer can try signing in to a service.
    await tx.insert(oidcClients).values({
      clientId: DEMO_SERVICE.clientId,
      organizationId: demoOy.id,
      name: DEMO_SERVICE.name,
      homeUrl: `${DEMO_SERVICE.origin}/`,
      redirectUris: [`${DEMO_SERVICE.origin}/callback`],
      postLogoutRedirectUris: [`${DEMO_SERVICE.origin}/signed-out`],
      kind: "public",
      tokenEndpointAuthMethod: "none",
      firstParty: true,
      scopes: ["openid", "profile", "email", "phone", "membership"],
    });
  });
  // The demo usernames get their look-alike skeletons like any other (lib/identity/skeleton.ts).
  await backfillUsernameSkeletons(db);
  return true;
}
