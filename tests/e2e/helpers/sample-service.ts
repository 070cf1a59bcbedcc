import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { freePort } from "@/lib/db/embedded-server";
import { oidcClients, organizations } from "@/lib/db/schema";
import { startDemoService } from "@/scripts/demo-service";
import { firstOf } from "../../helpers/fixtures";
import { withDb } from "./admin-db";
import { baseURL } from "./browser";

/**
 * The sample service of `npm run demo:service` on a free port, registered for Demo Oy in the test
 * server's database as a public (PKCE) client asking what the sample asks for. `stop` also
 * removes its registration, so other files see Demo Oy's services unchanged.
 */
export async function startSampleService(opts: { name: string; firstParty: boolean; homeUrl?: boolean }) {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const clientId = `e2e-${randomBytes(6).toString("hex")}`;
  await withDb(async (db) => {
    const demoOy = await firstOf(db.select().from(organizations).where(eq(organizations.licence, "123")), "Demo Oy");
    await db.insert(oidcClients).values({
      clientId,
      organizationId: demoOy.id,
      name: opts.name,
      ...(opts.homeUrl ? { homeUrl: `${url}/` } : {}),
      redirectUris: [`${url}/callback`],
      postLogoutRedirectUris: [`${url}/signed-out`],
      kind: "public",
      tokenEndpointAuthMethod: "none",
      firstParty: opts.firstParty,
      scopes: ["openid", "profile", "email", "phone", "membership"],
    });
  });
  const service = await startDemoService({ port, issuer: baseURL(), clientId });
  return {
    url: service.url,
    async stop() {
      await service.stop();
      await withDb((db) => db.delete(oidcClients).where(eq(oidcClients.clientId, clientId)));
    },
  };
}
