import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, sessions } from "@/lib/db/schema";
import { firstOf } from "../helpers/fixtures";
import { userByEmailInDb, withDb } from "./helpers/admin-db";
import { baseURL, DEMO_PASSWORD } from "./helpers/browser";
import { postSignIn } from "./helpers/http-forms";

/** What a sign-in leaves behind: the person's session rows and successful sign-ins in the audit. */
async function traces(email: string) {
  const user = await userByEmailInDb(email);
  return withDb(async (db) => ({
    sessions: (await firstOf(db.select({ n: count() }).from(sessions).where(eq(sessions.userId, user.id)), "a count"))
      .n,
    signIns: (
      await firstOf(
        db
          .select({ n: count() })
          .from(auditEvents)
          .where(and(eq(auditEvents.subjectUserId, user.id), eq(auditEvents.event, "login.succeeded"))),
        "a count",
      )
    ).n,
  }));
}

const hasSessionCookie = (res: Response) => res.headers.getSetCookie().some((c) => c.includes("tunnus.session"));
let visitor = 0;
const ip = () => ({ "x-forwarded-for": `198.51.100.${++visitor}` });

describe("state-changing requests without Origin", () => {
  it("a server action posted with neither Origin nor Sec-Fetch-Site is refused (403) and changes nothing", async () => {
    const before = await traces("maija@example.com");
    for (const headers of <Record<string, string>[]>[
      {},
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "none" },
    ]) {
      const res = await postSignIn(baseURL(), "maija@123", DEMO_PASSWORD, { ...ip(), ...headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(hasSessionCookie(res), JSON.stringify(headers)).toBe(false);
      // The refusal still carries the security headers.
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    }
    expect(await traces("maija@example.com")).toEqual(before);
  });

  it("the same post works with the site's Origin, or with Sec-Fetch-Site: same-origin alone", async () => {
    const before = await traces("maija@example.com");
    for (const headers of <Record<string, string>[]>[
      { origin: baseURL() },
      { "sec-fetch-site": "same-origin" },
      { origin: baseURL(), "sec-fetch-site": "same-origin" },
    ]) {
      const res = await postSignIn(baseURL(), "maija@123", DEMO_PASSWORD, { ...ip(), ...headers });
      expect(res.status, JSON.stringify(headers)).toBe(303);
      expect(hasSessionCookie(res), JSON.stringify(headers)).toBe(true);
    }
    expect(await traces("maija@example.com")).toEqual({ sessions: before.sessions + 3, signIns: before.signIns + 3 });
  });

  it("a foreign Origin is refused whatever Sec-Fetch-Site claims", async () => {
    const before = await traces("maija@example.com");
    const res = await postSignIn(baseURL(), "maija@123", DEMO_PASSWORD, {
      ...ip(),
      origin: "https://evil.example",
      "sec-fetch-site": "same-origin",
    });
    expect(res.status).not.toBe(303);
    expect(hasSessionCookie(res)).toBe(false);
    expect(await traces("maija@example.com")).toEqual(before);
  });

  it("PUT, PATCH and DELETE without Origin are refused too; GET and HEAD are not", async () => {
    for (const method of ["PUT", "PATCH", "DELETE", "POST"]) {
      const res = await fetch(`${baseURL()}/account`, { method, headers: ip(), redirect: "manual" });
      expect(res.status, method).toBe(403);
    }
    for (const method of ["GET", "HEAD"]) {
      const res = await fetch(`${baseURL()}/login?from=origin-test`, { method, headers: ip(), redirect: "manual" });
      expect(res.status, method).toBe(200);
    }
  });
});

describe("a provider's form post to Auth.js's callback", () => {
  it("comes from another site with its Origin and is not refused by the check", async () => {
    const res = await fetch(`${baseURL()}/api/auth/callback/oidc`, {
      method: "POST",
      body: new URLSearchParams({ code: "x", state: "y" }),
      redirect: "manual",
      headers: { ...ip(), origin: "https://login.provider.example", "sec-fetch-site": "cross-site" },
    });
    // Auth.js itself answers (no state cookie: back to the sign-in page with an error), not the proxy.
    expect(res.status).not.toBe(403);
    expect(res.status).toBeLessThan(500);
  });
});
