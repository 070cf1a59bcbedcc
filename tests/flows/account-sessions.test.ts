import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createSession, validateSession } from "@/lib/session/sessions";
import { sessions } from "@/lib/db/schema";
import { listOwnSessions, revokeOwnSession, sessionHandle, signOutEverywhere } from "@/lib/flows/account/sessions";
import { seededTestDb } from "../helpers/db";
import { sessionTimes, firstOf } from "../helpers/fixtures";
import { activeMember, IPHONE } from "../helpers/members";

const h = seededTestDb();

const SECRET = "s".repeat(32);
let n = 0;
const ctx = () => ({ now: new Date(), ip: `192.0.2.${++n}`, userAgent: "vitest" });

async function withPhone() {
  const m = await activeMember(h.db);
  const phoneStarted = new Date(Date.now() - 90 * 60_000);
  const phone = await createSession(h.db, {
    userId: m.user.id,
    now: phoneStarted,
    times: sessionTimes,
    userAgent: IPHONE,
    ip: "198.51.100.9",
  });
  const seen = new Date(Date.now() - 5 * 60_000);
  await h.db.update(sessions).set({ lastSeenAt: seen }).where(eq(sessions.id, phone));
  return { ...m, phone, phoneStarted, seen };
}
const list = (m: { user: { id: string }; sessionId: string }) =>
  listOwnSessions(h.db, { userId: m.user.id, currentSessionId: m.sessionId, handleSecret: SECRET }, new Date());
const revoke = (m: Awaited<ReturnType<typeof activeMember>>, handle: string) =>
  revokeOwnSession(h.db, { user: m.user, handle, currentSessionId: m.sessionId, handleSecret: SECRET }, ctx());

describe("the device list", () => {
  it("shows each device's browser, system, address, start and last use; marks this one; names none by its id", async () => {
    const m = await withPhone();
    const devices = await list(m);
    expect(devices).toHaveLength(2);
    expect(devices.find((s) => s.current)).toMatchObject({
      browser: "Firefox 140",
      system: "Windows 10",
      ip: "203.0.113.5",
      method: "password",
    });
    expect(devices.find((s) => !s.current)).toEqual({
      handle: sessionHandle(m.phone, SECRET),
      browser: "Safari 18",
      system: "iOS 18.5",
      ip: "198.51.100.9",
      method: "password",
      createdAt: m.phoneStarted,
      lastSeenAt: m.seen,
      current: false,
    });
    const shown = JSON.stringify(devices);
    expect(shown).not.toContain(m.phone);
    expect(shown).not.toContain(m.sessionId);
    // Another secret, other handles: nobody can work one out from an id without the server's.
    expect(sessionHandle(m.phone, "t".repeat(32))).not.toBe(sessionHandle(m.phone, SECRET));
    expect(sessionHandle(m.phone, SECRET)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe("signing a device out", () => {
  it("by its handle ends that session only", async () => {
    const m = await withPhone();
    const other = await firstOf(
      (await list(m)).filter((s) => !s.current),
      "another session",
    );
    expect(await revoke(m, other.handle)).toEqual({ ok: true });
    expect(await validateSession(h.db, m.phone, new Date(), sessionTimes)).toBeNull();
    expect(await validateSession(h.db, m.sessionId, new Date(), sessionTimes)).not.toBeNull();
    expect(await list(m)).toHaveLength(1);
    // Spent: the same form posted again finds nothing.
    expect(await revoke(m, other.handle)).toEqual({ ok: false, reason: "notFound" });
  });

  it("finds nothing with another person's handle, a session id, or a made-up value; refuses this device", async () => {
    const m = await withPhone();
    const stranger = await activeMember(h.db);
    const phoneHandle = sessionHandle(m.phone, SECRET);
    expect(await revoke(stranger, phoneHandle)).toEqual({ ok: false, reason: "notFound" });
    for (const bad of [m.phone, "", "x".repeat(64), "' OR '1'='1"])
      expect(await revoke(m, bad)).toEqual({ ok: false, reason: "notFound" });
    expect(await revoke(m, sessionHandle(m.sessionId, SECRET))).toEqual({ ok: false, reason: "current" });
    expect(await validateSession(h.db, m.phone, new Date(), sessionTimes)).not.toBeNull();
    expect(await validateSession(h.db, m.sessionId, new Date(), sessionTimes)).not.toBeNull();
  });

  it("everywhere ends every session of the person, this one too, and nobody else's", async () => {
    const m = await withPhone();
    const stranger = await activeMember(h.db);
    expect(await signOutEverywhere(h.db, { user: m.user }, ctx())).toBe(2);
    expect(await validateSession(h.db, m.sessionId, new Date(), sessionTimes)).toBeNull();
    expect(await validateSession(h.db, m.phone, new Date(), sessionTimes)).toBeNull();
    expect(await validateSession(h.db, stranger.sessionId, new Date(), sessionTimes)).not.toBeNull();
  });
});
