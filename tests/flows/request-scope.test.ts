import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { verifyPassword } from "@/lib/password/hash";
import { auditEvents } from "@/lib/db/schema";
import { appOrigin } from "@/lib/env";
import { seededTestDb } from "../helpers/db";
import { activeMember, queueResetLinkFor, userById } from "../helpers/members";

/**
 * requestScope() and the action that uses it (/reset-password/[token]), called directly: Next's
 * request headers, the database, `after()` and `redirect()` are stood in for.
 */
const stand = vi.hoisted(() => ({ db: null as unknown, delivered: 0, deferred: 0 }));
vi.mock("next/headers", () => ({
  // A client's own X-Forwarded-For is never its address: without the hook's stamp it is "unknown".
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.99", "user-agent": "vitest-scope" }),
}));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`redirect ${to}`);
  },
}));
vi.mock("@/lib/db/client", async (original) => ({
  ...(await original<typeof import("@/lib/db/client")>()),
  getDb: async () => stand.db,
}));
vi.mock("@/lib/messages/deliver-soon", () => ({
  deliverAfterResponse: () => void stand.delivered++,
  deferAfterResponse: () => void stand.deferred++,
}));
const { requestScope } = await import("@/lib/request/scope");
const { deferAfterResponse } = await import("@/lib/messages/deliver-soon");
const { resetPasswordAction } = await import("@/app/(site)/(auth)/reset-password/[token]/actions");

const h = seededTestDb();
beforeAll(() => {
  stand.db = h.db;
});

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

describe("requestScope", () => {
  it("gives the database and the request's context: clock, address, browser, origin, defer", async () => {
    const before = Date.now();
    const { db, ctx } = await requestScope();
    expect(db).toBe(h.db);
    expect(ctx).toEqual({
      now: expect.any(Date),
      ip: "unknown",
      userAgent: "vitest-scope",
      appOrigin: appOrigin(),
      defer: deferAfterResponse,
    });
    expect(ctx.now.getTime()).toBeGreaterThanOrEqual(before);
  });
});

describe("the reset-password action, through requestScope", () => {
  it("refuses an unknown link, and with a live one sets the password and redirects", async () => {
    expect(await resetPasswordAction({}, form({ token: "C".repeat(43), password: "x" }))).toEqual({
      errors: { form: "recovery.errors.linkInvalid" },
    });
    const m = await activeMember(h.db);
    const token = await queueResetLinkFor(h.db, m.user.id, { now: new Date(), appOrigin: "https://tunnus.example" });
    const NEW = "lokakuun kirkas pakkasaamu";
    await expect(resetPasswordAction({}, form({ token, password: NEW }))).rejects.toThrow("redirect /password-changed");
    expect(await verifyPassword((await userById(h.db, m.user.id)).passwordHash ?? "", NEW)).toBe(true);
    expect(stand.delivered).toBe(1);
    const [audit] = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectUserId, m.user.id), eq(auditEvents.event, "password.reset")));
    expect(audit).toMatchObject({ ip: "unknown", userAgent: "vitest-scope" });
  });
});
