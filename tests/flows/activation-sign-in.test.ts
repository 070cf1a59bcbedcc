import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, sessions, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { activateAccount } from "@/lib/flows/account/activation";
import { createUser } from "@/lib/flows/admin/users";
import { signInAfterActivation } from "@/lib/flows/sign-in/after-activation";
import { consumeRateLimit } from "@/lib/rate-limit";
import { validateSession } from "@/lib/session/sessions";
import { seededTestDb } from "../helpers/db";
import { latestOutboxTo, secretFromUrl, sessionTimes } from "../helpers/fixtures";

const h = seededTestDb();

const PASSWORD = "kesäyön sininen hetki";
let n = 0;
/** A fresh invited person and the secret of their activation link. */
async function invite() {
  const email = `aktivoitu${++n}@example.com`;
  const created = await createUser(
    h.db,
    { licence: "123", identifier: `aktivoitu${n}`, displayName: `Aktivoitu ${n}`, email },
    { now: new Date(), actor: { userId: null }, appOrigin: "https://tunnus.example" },
  );
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  const message = await latestOutboxTo(h.db, email);
  if (!message) throw new Error(`no activation message to ${email}`);
  return { userId: created.userId, secret: secretFromUrl(message.props.activationUrl) };
}
const ctx = (ip: string, now = new Date()) => ({ now, ip, userAgent: "vitest", sessionTimes });
const eventsOf = async (userId: string) =>
  (await h.db.select().from(auditEvents).where(eq(auditEvents.subjectUserId, userId))).map((e) => e.event);

describe("signing in after activation", () => {
  it("opens a session as a password sign-in does, without checking the password again", async () => {
    const p = await invite();
    const activated = await activateAccount(
      h.db,
      { secret: p.secret, password: PASSWORD, repeat: PASSWORD },
      ctx("198.51.100.30"),
    );
    expect(activated).toMatchObject({ ok: true, userId: p.userId });
    const now = new Date();
    const result = await signInAfterActivation(h.db, { userId: p.userId }, ctx("198.51.100.30", now));
    expect(result).toEqual({ ok: true, userId: p.userId, sessionId: expect.any(String), language: "fi" });
    if (!result.ok) throw new Error("unreachable");
    expect(await validateSession(h.db, result.sessionId, new Date(), sessionTimes)).toEqual({
      sessionId: result.sessionId,
      userId: p.userId,
    });
    const [session] = await h.db.select().from(sessions).where(eq(sessions.id, result.sessionId));
    expect(session).toMatchObject({ method: "password", ip: "198.51.100.30", userAgent: "vitest" });
    const [user] = await h.db.select().from(users).where(eq(users.id, p.userId));
    expect(user?.lastLoginAt?.getTime()).toBe(now.getTime());
    expect((await eventsOf(p.userId)).sort()).toEqual(["login.succeeded", "user.activated", "user.created"]);
    const [succeeded] = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectUserId, p.userId), eq(auditEvents.event, "login.succeeded")));
    expect(succeeded).toMatchObject({ actorUserId: p.userId, details: { method: "password" } });
  });

  it("spends a point of the sign-in limit of the address, and past it leaves the person to sign in by hand", async () => {
    const p = await invite();
    const ip = "198.51.100.31";
    expect(
      await activateAccount(h.db, { secret: p.secret, password: PASSWORD, repeat: PASSWORD }, ctx(ip)),
    ).toMatchObject({ ok: true });
    for (let i = 0; i < env().LOGIN_IP_LIMIT; i++) await consumeRateLimit(h.db, "loginPerIp", ip);
    expect(await signInAfterActivation(h.db, { userId: p.userId }, ctx(ip))).toEqual({
      ok: false,
      reason: "rateLimited",
    });
    expect(await h.db.select().from(sessions).where(eq(sessions.userId, p.userId))).toEqual([]);
    const limited = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, "login.rate_limited"), eq(auditEvents.ip, ip)));
    expect(limited).toHaveLength(1);
    const [user] = await h.db.select().from(users).where(eq(users.id, p.userId));
    expect(user?.status).toBe("active");
  });

  it("opens nothing for an account that is not active", async () => {
    const p = await invite();
    expect(await signInAfterActivation(h.db, { userId: p.userId }, ctx("198.51.100.32"))).toEqual({
      ok: false,
      reason: "notActive",
    });
    expect(await h.db.select().from(sessions).where(eq(sessions.userId, p.userId))).toEqual([]);
  });
});
