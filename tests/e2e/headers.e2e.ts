import { describe, expect, it } from "vitest";
import { createWithCli, latestMessage } from "./helpers/accounts";
import { baseURL, DEMO_PASSWORD, plainBaseURL } from "./helpers/browser";
import { postSignIn } from "./helpers/http-forms";

type Probe = { name: string; url: () => string; init?: RequestInit; status: number };

const at =
  (path: string, server = baseURL) =>
  () =>
    `${server()}${path}`;
let visitor = 0;
const ip = () => ({ "x-forwarded-for": `198.51.100.${100 + (++visitor % 100)}` });

/** One response of every kind the server gives: pages, Next's own answers, route handlers, static files. */
const probes: Probe[] = [
  { name: "page rendered per request", url: at("/login?from=headers"), status: 200 },
  { name: "prerendered page", url: at("/login", plainBaseURL), status: 200 },
  { name: "HEAD of a page", url: at("/forgot-password"), init: { method: "HEAD" }, status: 200 },
  { name: "redirect of a guarded page", url: at("/account"), status: 307 },
  { name: "404 of an unmatched address", url: at("/no-such-page"), status: 404 },
  { name: "404 of a prerendered page's own address", url: at("/fi/login", plainBaseURL), status: 404 },
  { name: "404 of a missing static file", url: at("/_next/static/chunks/no-such-chunk.js"), status: 404 },
  {
    name: "404 of a missing static file elsewhere",
    url: at("/_next/static/no-such-build/_buildManifest.js"),
    status: 404,
  },
  { name: "404 of /favicon.ico", url: at("/favicon.ico"), status: 404 },
  { name: "the icon", url: at("/icon.svg"), status: 200 },
  { name: "400 of the image optimiser", url: at("/_next/image?url=%2Ficon.svg"), status: 400 },
  { name: "Auth.js's CSRF endpoint", url: at("/api/auth/csrf"), status: 200 },
  { name: "Auth.js's 400", url: at("/api/auth/no-such-action"), status: 400 },
  { name: "Auth.js's session endpoint refused", url: at("/api/auth/session"), status: 404 },
  { name: "the cron route without its secret", url: at("/api/cron/outbox"), status: 401 },
  {
    name: "405 of the cron route",
    url: at("/api/cron/outbox"),
    init: { method: "PUT", headers: { origin: "x" } },
    status: 405,
  },
  { name: "the dev mailbox's JSON", url: at("/dev/outbox.json"), status: 200 },
  { name: "405 of the register upload", url: at("/admin/import/upload"), status: 405 },
  {
    name: "403 of the register upload without Origin",
    url: at("/admin/import/upload"),
    init: { method: "POST" },
    status: 403,
  },
  {
    name: "redirect of the register upload without a session",
    url: at("/admin/import/upload"),
    init: { method: "POST", headers: { origin: "ORIGIN" } },
    status: 303,
  },
  { name: "403 of a post without Origin", url: at("/forgot-password"), init: { method: "POST" }, status: 403 },
];

function expectSecurityHeaders(name: string, headers: Headers) {
  expect(headers.get("x-content-type-options"), name).toBe("nosniff");
  expect(headers.get("x-frame-options"), name).toBe("DENY");
  expect(headers.get("referrer-policy"), name).toBe("same-origin");
  expect(headers.get("strict-transport-security"), name).toMatch(/^max-age=\d+; includeSubDomains$/);
  expect(headers.get("permissions-policy"), name).toContain("camera=()");
  expect(headers.get("cross-origin-opener-policy"), name).toBe("same-origin");
  const csp = headers.get("content-security-policy") ?? "";
  // Exactly one policy: two would both be enforced.
  expect(csp.match(/frame-ancestors/g), `${name}: ${csp}`).toHaveLength(1);
  const directives = new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k!, v]),
  );
  expect(directives.get("frame-ancestors"), name).toEqual(["'none'"]);
  expect(directives.get("base-uri"), name).toEqual(["'none'"]);
  expect(directives.get("object-src") ?? directives.get("default-src"), name).toEqual(["'none'"]);
  const styles = directives.get("style-src") ?? directives.get("default-src") ?? [];
  expect(styles, name).not.toContain("'unsafe-inline'");
  expect(headers.get("x-powered-by"), name).toBeNull();
}

describe("security headers on every response", () => {
  it.each(probes)("$name", async ({ name, url, init, status }) => {
    const headers = Object.fromEntries(
      Object.entries({ ...ip(), ...(init?.headers as Record<string, string>) }).map(([k, v]) => [
        k,
        v === "ORIGIN" ? baseURL() : v,
      ]),
    );
    const res = await fetch(url(), { redirect: "manual", ...init, headers });
    expect(res.status, name).toBe(status);
    expectSecurityHeaders(name, res.headers);
  });

  it("static files that exist, and a server action's answer", async () => {
    const html = await (await fetch(`${baseURL()}/login?from=headers`, { headers: ip() })).text();
    const files = [...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    expect(files.some((f) => f.endsWith(".js"))).toBe(true);
    expect(files.some((f) => f.endsWith(".css"))).toBe(true);
    for (const file of new Set(files)) {
      const res = await fetch(`${baseURL()}${file}`);
      expect(res.status, file).toBe(200);
      expectSecurityHeaders(file, res.headers);
    }
    const signIn = await postSignIn(baseURL(), "maija@123", DEMO_PASSWORD, { ...ip(), origin: baseURL() });
    expect(signIn.status).toBe(303);
    expectSecurityHeaders("sign-in action", signIn.headers);
  });

  it("a mail preview keeps its own sandboxed policy and framing, and only those", async () => {
    const person = await createWithCli();
    const mail = await latestMessage(baseURL(), person.email);
    for (const [id, status] of [
      [mail.id, 200],
      ["no-such-message", 404],
    ] as const) {
      const res = await fetch(`${baseURL()}/dev/outbox/message/${id}`);
      expect(res.status).toBe(status);
      expect(res.headers.get("content-security-policy")).toBe(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox",
      );
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=/);
    }
  });

  it("pages keep their nonce policy, and the prerendered page its hashes, under the site-wide headers", async () => {
    const page = await fetch(`${baseURL()}/login?from=headers`, { headers: ip() });
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(page.headers.get("content-security-policy")).toMatch(/style-src 'self' 'nonce-[^']+'(;|$)/);
    expect(page.headers.get("cache-control")).toContain("no-store");
    const prerendered = await fetch(`${plainBaseURL()}/login`, { headers: ip() });
    expect(prerendered.headers.get("content-security-policy")).toMatch(
      /script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/,
    );
    expect(prerendered.headers.get("content-security-policy")).toMatch(/style-src 'self';/);
  });
});
