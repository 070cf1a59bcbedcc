import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, oidcClients, oidcSigningKeys, organizations } from "@/lib/db/schema";
import { clientSecretMatches } from "@/lib/oidc/client-secret";
import { adminCli } from "../helpers/admin-cli";
import { seededTestDbServer } from "../helpers/db";

/** The service commands of `npm run admin -- …`, as the operator runs them: a real process against a real database. */
const h = seededTestDbServer();

const admin = adminCli(() => h.url);

const row = async (clientId: string) =>
  (await h.db.select().from(oidcClients).where(eq(oidcClients.clientId, clientId)))[0];
const clientIdIn = (stdout: string) => /client_id: (tunnus-[A-Za-z0-9_-]{22})/.exec(stdout)?.[1] ?? "";
const secretIn = (stdout: string) => /client_secret: ([A-Za-z0-9_-]{43})/.exec(stdout)?.[1] ?? "";

// Each test starts the CLI several times (a tsx process each): slow on a busy 2-core machine.
describe("the operator CLI's service commands", { timeout: 180_000 }, () => {
  it("explains them in the help and with --help", async () => {
    const help = await admin("help");
    for (const command of ["client:create", "client:list", "client:rotate-secret", "client:delete"])
      expect(help.stdout).toContain(command);
    const usages: Record<string, string> = {
      "client:create": "--redirect-uri URL [--redirect-uri URL …]",
      "client:list": "client:list [--licence 123]",
      "client:rotate-secret": "client:rotate-secret CLIENT_ID",
      "client:delete": "client:delete CLIENT_ID",
    };
    for (const [command, usage] of Object.entries(usages)) {
      const shown = await admin(command, "--help");
      expect(shown.code, command).toBe(0);
      expect(shown.stdout).toContain(`Usage: npm run admin -- ${command}`);
      expect(shown.stdout).toContain(usage);
    }
  });

  it("registers a confidential service, prints its secret once, lists it, rotates the secret and removes it", async () => {
    const created = await admin(
      "client:create",
      "--licence",
      "123",
      "--name",
      "Jäsenpalvelu",
      "--redirect-uri",
      "https://jasenet.example.fi/cb",
      "--redirect-uri",
      "https://jasenet.example.fi/cb2",
      "--post-logout-uri",
      "https://jasenet.example.fi/",
      "--backchannel-logout-uri",
      "https://jasenet.example.fi/backchannel",
      "--home-url",
      "https://jasenet.example.fi/",
      "--confidential",
      "--auth-method",
      "client_secret_post",
      "--first-party",
      "--scopes",
      "openid profile email membership",
    );
    expect(created.code, created.stderr).toBe(0);
    const clientId = clientIdIn(created.stdout);
    const secret = secretIn(created.stdout);
    expect(clientId).not.toBe("");
    expect(secret).not.toBe("");
    expect(created.stderr).toContain("printed only this once");
    const stored = await row(clientId);
    expect(stored).toMatchObject({
      name: "Jäsenpalvelu",
      kind: "confidential",
      tokenEndpointAuthMethod: "client_secret_post",
      firstParty: true,
      redirectUris: ["https://jasenet.example.fi/cb", "https://jasenet.example.fi/cb2"],
      postLogoutRedirectUris: ["https://jasenet.example.fi/"],
      backchannelLogoutUri: "https://jasenet.example.fi/backchannel",
      homeUrl: "https://jasenet.example.fi/",
      scopes: ["openid", "profile", "email", "membership"],
    });
    expect(clientSecretMatches(stored?.secretHash, secret)).toBe(true);
    const [audit] = await h.db.select().from(auditEvents).where(eq(auditEvents.event, "oidc.client_created"));
    expect(audit).toMatchObject({ actorUserId: null, userAgent: "admin-cli", details: { clientId, by: "operator" } });

    const list = await admin("client:list", "--licence", "123");
    expect(list.stdout).toMatch(
      new RegExp(`123\\s+${clientId}\\s+Jäsenpalvelu\\s+\\(confidential \\(client_secret_post\\), first-party;`),
    );
    expect(list.stdout).toContain("redirect https://jasenet.example.fi/cb2");
    expect(list.stdout).not.toContain(secret);
    expect((await admin("client:list", "--licence", "200")).stdout).toContain("No services yet.");
    expect((await admin("client:list")).stdout).toContain(clientId);
    expect((await admin("client:list", "--licence", "999")).code).toBe(1);

    const rotated = await admin("client:rotate-secret", clientId);
    expect(rotated.code).toBe(0);
    const newSecret = secretIn(rotated.stdout);
    expect(newSecret).not.toBe(secret);
    const after = await row(clientId);
    expect(clientSecretMatches(after?.secretHash, newSecret)).toBe(true);
    expect(clientSecretMatches(after?.secretHash, secret)).toBe(false);

    const removed = await admin("client:delete", clientId);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`Removed the service ${clientId}.`);
    expect(await row(clientId)).toBeUndefined();
    expect((await admin("client:delete", clientId)).stderr).toContain(`No service has the client_id "${clientId}"`);
    expect(JSON.stringify(await h.db.select().from(auditEvents))).not.toContain(secret);
  });

  it("registers a public service without a secret, which has none to rotate", async () => {
    const created = await admin(
      "client:create",
      "--licence",
      "200",
      "--name",
      "Mobiili",
      "--redirect-uri",
      "http://localhost:5173/cb",
      "--public",
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).not.toContain("client_secret");
    const clientId = clientIdIn(created.stdout);
    expect(await row(clientId)).toMatchObject({ kind: "public", tokenEndpointAuthMethod: "none", secretHash: null });
    const rotate = await admin("client:rotate-secret", clientId);
    expect(rotate.code).toBe(1);
    expect(rotate.stderr).toContain("has no client secret");
  });

  it("refuses bad arguments, saying which, and registers nothing", async () => {
    const before = await h.count(oidcClients);
    const bad = await admin(
      "client:create",
      "--licence",
      "123",
      "--name",
      "<b>X</b>",
      "--redirect-uri",
      "https://ok.example/cb",
      "--redirect-uri",
      "https://*.example/cb",
      "--home-url",
      "http://example.org/",
      "--scopes",
      "openid admin",
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("The service was not registered:");
    expect(bad.stderr).toContain("--name: is not valid");
    expect(bad.stderr).toContain("--redirect-uri (number 2): must not contain a wildcard (*)");
    expect(bad.stderr).toContain("--home-url: must use https");
    expect(bad.stderr).toContain("--scopes: is not valid");
    const none = await admin("client:create", "--licence", "123", "--name", "X");
    expect(none.stderr).toContain("--redirect-uri: is required (at least one)");
    const jwt = await admin(
      "client:create",
      "--licence",
      "123",
      "--name",
      "X",
      "--redirect-uri",
      "https://ok.example/cb",
      "--auth-method",
      "private_key_jwt",
    );
    expect(jwt.stderr).toContain("--jwks: is required for private_key_jwt");
    expect((await admin("client:create", "--public", "--confidential", "--licence", "123")).code).toBe(2);
    expect((await admin("client:create", "--public", "--auth-method", "client_secret_post")).code).toBe(2);
    expect((await admin("client:create", "--licence", "999", "--name", "X")).code).toBe(1);
    expect((await admin("client:rotate-secret")).code).toBe(2);
    expect((await admin("client:rotate-secret", "a", "b")).code).toBe(2);
    expect((await admin("client:delete", "'; DROP TABLE oidc_clients; --")).code).toBe(1);
    // Positional arguments only where a command takes them.
    expect((await admin("client:list", "extra")).code).toBe(2);
    expect(await h.count(oidcClients)).toBe(before);
  });

  it("keys:rotate gives the provider new signing keys and keeps the old ones published", async () => {
    const { ensureSigningKeys } = await import("@/lib/oidc/keys");
    await ensureSigningKeys(h.db);
    const before = await h.db.select().from(oidcSigningKeys);
    const rotated = await admin("keys:rotate");
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain("New signing keys");
    const after = await h.db.select().from(oidcSigningKeys);
    expect(after).toHaveLength(before.length + 2);
    for (const old of before) {
      const now = after.find((k) => k.kid === old.kid)!;
      expect(now.retiredAt).not.toBeNull();
      expect(now.publishUntil!.getTime()).toBeGreaterThan(Date.now());
    }
    expect(await h.db.select().from(auditEvents).where(eq(auditEvents.event, "oidc.keys_rotated"))).toHaveLength(1);
  });

  it("org:pairwise-subjects turns pairwise subjects on and off for an organisation", async () => {
    expect((await admin("org:pairwise-subjects", "--licence", "200")).code).toBe(2);
    const on = await admin("org:pairwise-subjects", "--licence", "200", "--on");
    expect(on.code).toBe(0);
    expect(on.stdout).toContain("Pairwise subjects on");
    const [org] = await h.db.select().from(organizations).where(eq(organizations.licence, "200"));
    expect(org?.oidcPairwiseSubjects).toBe(true);
    expect((await admin("org:pairwise-subjects", "--licence", "200", "--off")).code).toBe(0);
    expect((await admin("org:pairwise-subjects", "--licence", "nope", "--off")).code).toBe(1);
  });
});
