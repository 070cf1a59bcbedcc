import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { type RunningServer, startNextServer } from "@/scripts/next-server";

/**
 * `next start -H 127.0.0.1`, the usual setup behind a reverse proxy on the same machine. Next
 * calls itself `localhost` inside the proxy but `127.0.0.1` when it routes, so a rewrite to an
 * absolute URL built from the request looked like another site to it.
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startNextServer(inject("databaseURL"), { LOGIN_IP_LIMIT: "500" }, { host: "127.0.0.1" });
});
afterAll(() => server?.stop());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers, redirect: "manual" });

describe("a server bound to 127.0.0.1", () => {
  it("answers the bare /login with the prerendered page and its hash policy", async () => {
    for (const [language, lang] of [
      ["fi", "fi"],
      ["sv-SE,sv;q=0.9", "sv"],
      ["en-GB", "en"],
    ]) {
      const res = await get("/login", { "accept-language": language! });
      expect(res.status, language).toBe(200);
      expect(res.headers.get("x-nextjs-prerender"), language).toMatch(/^1/);
      expect(res.headers.get("content-security-policy"), language).toMatch(
        /script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/,
      );
      expect(await res.text(), language).toContain(`<html lang="${lang}"`);
    }
  });

  it("keeps a prerendered page's own address at 404, and other pages as they are", async () => {
    const own = await get("/fi/login");
    expect(own.status).toBe(404);
    expect(own.headers.get("x-frame-options")).toBe("DENY");
    const perRequest = await get("/login?callbackUrl=%2Faccount");
    expect(perRequest.status).toBe(200);
    expect(perRequest.headers.get("content-security-policy")).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
    expect((await get("/forgot-password")).status).toBe(200);
    expect((await get("/no-such-page")).status).toBe(404);
  });

  it("serves the prerendered /login under a proxy's Host header as well", async () => {
    const res = await get("/login", {
      host: "tunnus.example",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "tunnus.example",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-nextjs-prerender")).toMatch(/^1/);
  });
});
