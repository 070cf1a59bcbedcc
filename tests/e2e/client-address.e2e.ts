import { randomBytes } from "node:crypto";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditEvents } from "@/lib/db/schema";
import { postForm } from "@/scripts/form-client";
import { type RunningServer, startNextServer } from "@/scripts/next-server";
import { firstOf } from "../helpers/fixtures";
import { withDb } from "./helpers/admin-db";
import { WRONG } from "./helpers/sign-in-texts";

/**
 * The production server as a site without a proxy runs it (TRUSTED_PROXY_HOPS=0): the client's
 * address is the socket's, and nothing a client writes in a header changes it.
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startNextServer(inject("databaseURL"), { TRUSTED_PROXY_HOPS: "0", LOGIN_IP_LIMIT: "30" });
});
afterAll(() => server.stop());

const RATE_LIMITED = "Liian monta kirjautumisyritystä. Yritä myöhemmin uudelleen.";
/** The answer the page shows (the page's script data carries every sign-in text, so not the whole body). */
const shownAnswer = (html: string) => /role="alert"[^>]*><p[^>]*>([^<]*)<\/p>/.exec(html)?.[1];

describe("the client's address with no proxy in front", () => {
  it("35 sign-ins with a different X-Forwarded-For each are limited per socket address, and audited with it", async () => {
    const userAgent = `client-address-e2e-${randomBytes(4).toString("hex")}`;
    const claimed = (i: number) => `203.0.113.${i + 1}`;
    let limited = 0;
    for (let i = 0; i < 35; i++) {
      const r = await postForm(
        server.url,
        "/login",
        { identifier: `nobody-ca-${i}@123`, password: "not the password 1" },
        {
          headers: {
            "x-forwarded-for": claimed(i),
            "x-real-ip": claimed(i),
            "x-tunnus-client-ip": claimed(i),
            "user-agent": userAgent,
          },
        },
      );
      expect(r.status).toBe(200);
      expect([WRONG.fi, RATE_LIMITED]).toContain(shownAnswer(r.text));
      if (shownAnswer(r.text) === RATE_LIMITED) limited++;
    }
    // Other files' requests without a proxy header share the address; never fewer than 5 refused.
    expect(limited).toBeGreaterThanOrEqual(5);

    // The audit trail is written after each answer: wait for all 35 rows.
    const rows = async () =>
      withDb((db) =>
        db
          .select()
          .from(auditEvents)
          .where(inArray(auditEvents.userAgent, [userAgent])),
      );
    await expect.poll(async () => (await rows()).length, { timeout: 10_000 }).toBe(35);
    const addresses = new Set((await rows()).map((r) => r.ip));
    expect([...addresses]).toHaveLength(1);
    expect(["127.0.0.1", "::1"]).toContain([...addresses][0]);
    expect((await rows()).filter((r) => r.event === "login.rate_limited").length).toBe(limited);
  });
  it("Auth.js's credentials endpoint (a route, not an action) sees the same address", async () => {
    const userAgent = `client-address-auth-${randomBytes(4).toString("hex")}`;
    const csrf = await fetch(`${server.url}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const r = await fetch(`${server.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: {
        cookie,
        origin: server.url,
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": "203.0.113.200",
        "user-agent": userAgent,
      },
      body: new URLSearchParams({ csrfToken, identifier: "nobody-auth@123", password: "not the password 1" }),
    });
    expect(r.status).toBeLessThan(500);
    const rows = async () =>
      withDb((db) =>
        db
          .select()
          .from(auditEvents)
          .where(inArray(auditEvents.userAgent, [userAgent])),
      );
    await expect.poll(async () => (await rows()).length, { timeout: 10_000 }).toBe(1);
    expect(["127.0.0.1", "::1"]).toContain((await firstOf(rows(), "the audit row")).ip);
  });
});
