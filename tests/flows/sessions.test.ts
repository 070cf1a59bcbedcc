import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createSession, revokeAllSessions, revokeSession, validateSession } from "@/lib/session/sessions";
import { sessions, users } from "@/lib/db/schema";
import { signOutSession } from "@/lib/flows/sign-in/logout";
import { seededTestDb } from "../helpers/db";
import { auditFor, sessionTimes, testClock, userByEmail, firstOf, must } from "../helpers/fixtures";

const h = seededTestDb();

describe("sessions", () => {
  it("a revoked session is refused on the next check", async () => {
    const clock = testClock();
    const maija = await userByEmail(h.db, "maija@example.com");
    const id = await createSession(h.db, { userId: maija.id, now: clock.now(), times: sessionTimes });
    expect(await validateSession(h.db, id, clock.now(), sessionTimes)).toEqual({ sessionId: id, userId: maija.id });
    await revokeSession(h.db, id, clock.now());
    expect(await validateSession(h.db, id, clock.now(), sessionTimes)).toBeNull();
    expect(await validateSession(h.db, "no-such-session", clock.now(), sessionTimes)).toBeNull();
  });

  it("ends after the idle timeout, and is kept alive by use", async () => {
    const clock = testClock();
    const maija = await userByEmail(h.db, "maija@example.com");
    const id = await createSession(h.db, { userId: maija.id, now: clock.now(), times: sessionTimes });
    clock.advance(50 * 60_000);
    expect(await validateSession(h.db, id, clock.now(), sessionTimes)).not.toBeNull(); // touches last seen
    const row = await firstOf(h.db.select().from(sessions).where(eq(sessions.id, id)), "the session");
    expect(row.lastSeenAt.getTime()).toBe(clock.now().getTime());
    clock.advance(59 * 60_000);
    expect(await validateSession(h.db, id, clock.now(), sessionTimes)).not.toBeNull();
    clock.advance(61 * 60_000);
    expect(await validateSession(h.db, id, clock.now(), sessionTimes)).toBeNull();
  });

  it("ends after its lifetime even when used", async () => {
    const clock = testClock();
    const maija = await userByEmail(h.db, "maija@example.com");
    const id = await createSession(h.db, { userId: maija.id, now: clock.now(), times: sessionTimes });
    for (let i = 0; i < 13; i++) {
      clock.advance(55 * 60_000);
      expect(await validateSession(h.db, id, clock.now(), sessionTimes)).not.toBeNull();
    }
    clock.advance(5 * 60_000 + 1);
    expect(await validateSession(h.db, id, clock.now(), sessionTimes)).toBeNull();
  });

  it("sign out everywhere keeps only the current session; a disabled user has none", async () => {
    const clock = testClock();
    const erik = await userByEmail(h.db, "erik@example.com");
    const ids = await Promise.all(
      [1, 2, 3].map(() => createSession(h.db, { userId: erik.id, now: clock.now(), times: sessionTimes })),
    );
    expect(await revokeAllSessions(h.db, erik.id, clock.now(), ids[0])).toBe(2);
    expect(await validateSession(h.db, must(ids[0], "the oldest session"), clock.now(), sessionTimes)).not.toBeNull();
    expect(await validateSession(h.db, must(ids[1], "the second session"), clock.now(), sessionTimes)).toBeNull();
    await h.db.update(users).set({ status: "disabled" }).where(eq(users.id, erik.id));
    expect(await validateSession(h.db, must(ids[0], "the oldest session"), clock.now(), sessionTimes)).toBeNull();
  });

  it("signing out revokes the row and leaves an audit entry", async () => {
    const clock = testClock();
    const maija = await userByEmail(h.db, "maija@example.com");
    const id = await createSession(h.db, { userId: maija.id, now: clock.now(), times: sessionTimes });
    await signOutSession(h.db, {
      sessionId: id,
      userId: maija.id,
      ip: "198.51.100.9",
      userAgent: "vitest",
      now: clock.now(),
    });
    expect(await validateSession(h.db, id, clock.now(), sessionTimes)).toBeNull();
    const [entry] = await auditFor(h.db, "logout");
    expect(entry).toMatchObject({
      subjectUserId: maija.id,
      actorUserId: maija.id,
      ip: "198.51.100.9",
      organizationId: maija.organizationId,
    });
  });
});
