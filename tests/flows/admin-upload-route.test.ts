import { beforeAll, describe, expect, it, vi } from "vitest";
import { memberImports } from "@/lib/db/schema";
import { IMPORT_MAX_BYTES } from "@/lib/flows/admin/member-import";
import { seededTestDb } from "../helpers/db";
import { userByEmail } from "../helpers/fixtures";

/**
 * The upload route handler called directly with a Request: the session and the database are
 * stood in for (the page guard is tested in the browser), the checks are the route's own.
 */
const stand = vi.hoisted(() => ({ db: null as unknown, current: null as unknown, scopeCalls: 0 }));
// scope.ts guards itself against client bundles; there is no bundler here.
vi.mock("server-only", () => ({}));
vi.mock("@/lib/auth/guards", () => ({
  getCurrentUser: async () => {
    stand.scopeCalls++;
    return stand.current;
  },
}));
vi.mock("@/lib/db/client", async (original) => ({
  ...(await original<typeof import("@/lib/db/client")>()),
  getDb: async () => stand.db,
}));
const { POST } = await import("@/app/(site)/admin/import/upload/route");

const h = seededTestDb();
beforeAll(async () => {
  const admin = await userByEmail(h.db, "admin@example.com");
  stand.db = h.db;
  stand.current = { user: admin, organization: { id: admin.organizationId } };
});

const ORIGIN = "http://localhost:3000"; // appOrigin() in tests
const imports = () => h.count(memberImports);
const BOUNDARY = "b0undary";
const form = (csv: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${BOUNDARY}--\r\n`;

/** A body that records whether anyone read it, and never delivers a byte. */
function watchedBody() {
  const watch = { read: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull: () => {
        watch.read = true;
        return new Promise(() => {});
      },
    },
    { highWaterMark: 0 },
  );
  return { watch, body };
}

const post = (headers: Record<string, string>, body: BodyInit) =>
  POST(
    new Request(`${ORIGIN}/admin/import/upload`, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}`, ...headers },
      body,
      duplex: "half",
    } as RequestInit),
  );

describe("POST /admin/import/upload", () => {
  it("answers an announced size over the limit without reading the body, and writes nothing", async () => {
    const before = await imports();
    const { watch, body } = watchedBody();
    const response = await post({ origin: ORIGIN, "content-length": String(IMPORT_MAX_BYTES + 1024 * 1024) }, body);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/admin/import?problem=tooLarge");
    expect(watch.read).toBe(false);
    expect(await imports()).toBe(before);
  });

  it("refuses a foreign, opaque or missing Origin with 403 before the session is even looked at", async () => {
    const before = await imports();
    const calls = stand.scopeCalls;
    for (const origin of ["https://evil.example", "null", undefined]) {
      const { watch, body } = watchedBody();
      const response = await post(origin ? { origin, "content-length": "500" } : { "content-length": "500" }, body);
      expect(response.status, String(origin)).toBe(403);
      expect(watch.read).toBe(false);
    }
    expect(stand.scopeCalls).toBe(calls);
    expect(await imports()).toBe(before);
  });

  it("answers a visitor who is not an administrator itself, with the security headers", async () => {
    const admin = stand.current as { user: { role: string } };
    try {
      stand.current = null;
      const anonymous = await post({ origin: ORIGIN, "content-length": "500" }, form("a"));
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get("location")).toBe("/login?callbackUrl=%2Fadmin%2Fimport");
      expect(anonymous.headers.get("x-content-type-options")).toBe("nosniff");
      stand.current = { ...admin, user: { ...admin.user, role: "member" } };
      const member = await post({ origin: ORIGIN, "content-length": "500" }, form("a"));
      expect(member.status).toBe(404);
      expect(member.headers.get("cache-control")).toContain("no-store");
    } finally {
      stand.current = admin;
    }
  });

  it("checks a file of its own origin and keeps it for the apply (the refusals above are the checks at work)", async () => {
    const before = await imports();
    const body = form("username;name;email\nreitti;Reitti R;reitti@example.com");
    const response = await post({ origin: ORIGIN, "content-length": String(Buffer.byteLength(body)) }, body);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/admin\/import\/[0-9a-f-]{36}$/);
    expect(await imports()).toBe(before + 1);
    // No Content-Length (a chunked upload) cannot be sized: refused as no file.
    const chunked = await post({ origin: ORIGIN }, new Blob([body]).stream());
    expect(chunked.headers.get("location")).toBe("/admin/import?problem=missingFile");
    expect(await imports()).toBe(before + 1);
  });
});
