import { desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres, type DbHandle } from "@/lib/db/client";
import { serveEmbeddedDatabase } from "@/lib/db/embedded-server";
import { sessions } from "@/lib/db/schema";
import { type RunningServer, startNextServer } from "@/scripts/next-server";
import { firstOf, must, userByEmail } from "../helpers/fixtures";
import { DEMO_PASSWORD } from "./helpers/browser";
import { cookiesOf, postSignIn } from "./helpers/http-forms";

/**
 * What the production server prints when a request carries a bad session cookie or the database
 * fails under it: one line each, and never a query's parameters (session ids, hashes, addresses),
 * a cookie's value or a stack. A server and database of its own, so the database can be broken.
 */
let db: Awaited<ReturnType<typeof serveEmbeddedDatabase>>;
let server: RunningServer;
let direct: DbHandle;
beforeAll(async () => {
  db = await serveEmbeddedDatabase({ seed: true });
  server = await startNextServer(db.url, { LOGIN_IP_LIMIT: "500" });
  direct = await connectPostgres(db.url, { prepare: false, max: 1 });
});
afterAll(async () => {
  await direct?.close();
  await server?.stop();
  await db?.stop();
});

const IP = "203.0.113.77";
const AGENT = "log-probe-agent/7.1";
const GARBAGE = "garbage-cookie-value-5f1e";
const headers = { "x-forwarded-for": IP, "user-agent": AGENT };
const settle = () => new Promise((r) => setTimeout(r, 1000));

describe("the server's output", () => {
  it("holds one line per failure, with no parameter, session id, cookie value or stack", async () => {
    const signedIn = await postSignIn(server.url, "maija@123", DEMO_PASSWORD, { ...headers, origin: server.url });
    expect(signedIn.status).toBe(303);
    const cookie = cookiesOf(signedIn);
    const maija = await userByEmail(direct.db, "maija@example.com");
    const session = await firstOf(
      direct.db.select().from(sessions).where(eq(sessions.userId, maija.id)).orderBy(desc(sessions.createdAt)).limit(1),
      "maija's session",
    );
    expect((await fetch(`${server.url}/account`, { headers: { ...headers, cookie }, redirect: "manual" })).status).toBe(
      200,
    );
    const quietBefore = server.output();

    // A malformed session cookie, on a page and on Auth.js's own endpoint.
    for (const path of ["/account", "/login?from=logs", "/api/auth/csrf"]) {
      const res = await fetch(`${server.url}${path}`, {
        headers: { ...headers, cookie: `__Host-tunnus.session=${GARBAGE}` },
        redirect: "manual",
      });
      expect(res.status, path).toBeLessThan(500);
    }
    await settle();
    const cookieLines = server.output().slice(quietBefore.length).split("\n").filter(Boolean);
    // One short line per request, not a stack.
    expect(cookieLines.length).toBeGreaterThan(0);
    expect(cookieLines.length).toBeLessThanOrEqual(3);

    // The database fails under every request that touches sessions.
    await direct.db.execute(sql`ALTER TABLE sessions RENAME COLUMN last_seen_at TO last_seen_at_gone`);
    await fetch(`${server.url}/account`, { headers: { ...headers, cookie }, redirect: "manual" });
    const failedSignIn = await postSignIn(server.url, "maija@123", DEMO_PASSWORD, { ...headers, origin: server.url });
    expect(failedSignIn.status).toBe(500);
    await settle();

    const output = server.output();
    // The failures were logged, by their Postgres error code (undefined column)...
    expect(output).toContain("42703");
    // ...and nothing of what the queries carried.
    for (const secret of [
      session.id,
      maija.id,
      "maija@example.com",
      must(maija.passwordHash, "maija's password hash"),
      IP,
      AGENT,
      GARBAGE,
      DEMO_PASSWORD,
    ])
      expect(output).not.toContain(secret);
    expect(output).not.toMatch(/params:|parameters:/i);
    expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
    await direct.db.execute(sql`ALTER TABLE sessions RENAME COLUMN last_seen_at_gone TO last_seen_at`);
  });
});
