import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { oneTimeTokens, organizations, outbox } from "@/lib/db/schema";
import { remindUsernames } from "@/lib/flows/recovery/forgot-username";
import { requestResetCode } from "@/lib/flows/password/reset-by-code";
import { orderResetLink } from "@/lib/flows/password/reset-by-link";
import { seededTestDb } from "../helpers/db";
import { userByEmail } from "../helpers/fixtures";

/**
 * What the server actions do: the flow answers, and the account work (lookup, token, message) is
 * handed to `defer` to run after the response. So neither the answer nor anything done before it
 * depends on whether the account exists.
 */
const h = seededTestDb();
beforeAll(async () => {
  await h.db.update(organizations).set({ revealUnknownAccounts: false });
});

let ip = 0;
function deferringContext() {
  const deferred: (() => Promise<void>)[] = [];
  return {
    ctx: {
      now: new Date(),
      ip: `192.0.2.${++ip}`,
      userAgent: "vitest",
      appOrigin: "https://tunnus.example",
      defer: (work: () => Promise<void>) => void deferred.push(work),
    },
    runDeferred: async () => {
      for (const work of deferred.splice(0)) await work();
    },
    pending: () => deferred.length,
  };
}
const messagesTo = async (to: string) => (await h.db.select().from(outbox).where(eq(outbox.recipient, to))).length;
const tokensOf = async (email: string) =>
  (
    await h.db
      .select()
      .from(oneTimeTokens)
      .where(eq(oneTimeTokens.userId, (await userByEmail(h.db, email)).id))
  ).length;

const flows = [
  [
    "/forgot-password",
    (ctx: ReturnType<typeof deferringContext>["ctx"], known: boolean) =>
      requestResetCode(h.db, { identifier: known ? "maija@123" : "nobody@123", channel: "email" }, ctx),
  ],
  [
    "/order-password",
    (ctx: ReturnType<typeof deferringContext>["ctx"], known: boolean) =>
      orderResetLink(h.db, { email: known ? "maija@example.com" : "nobody@example.com" }, ctx),
  ],
  [
    "/forgot-username",
    (ctx: ReturnType<typeof deferringContext>["ctx"], known: boolean) =>
      remindUsernames(h.db, { contact: known ? "maija@example.com" : "nobody@example.com" }, ctx),
  ],
] as const;

describe.each(flows)("%s with the work deferred", (_form, ask) => {
  it("answers a known and an unknown account alike before touching either, then sends to the known one", async () => {
    const [messages, tokens] = [await messagesTo("maija@example.com"), await tokensOf("maija@example.com")];
    const known = deferringContext();
    const unknown = deferringContext();
    const [a, b] = [await ask(known.ctx, true), await ask(unknown.ctx, false)];
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect([known.pending(), unknown.pending()]).toEqual([1, 1]);
    // Answered, and nothing about the account done yet.
    expect(await messagesTo("maija@example.com")).toBe(messages);
    expect(await tokensOf("maija@example.com")).toBe(tokens);

    await known.runDeferred();
    await unknown.runDeferred();
    expect(await messagesTo("maija@example.com")).toBe(messages + 1);
    expect(await messagesTo("nobody@example.com")).toBe(0);
  });
});

describe("refusals are not deferred", () => {
  it("bad input and the rate limit answer at once, with nothing left to run", async () => {
    const c = deferringContext();
    expect(await requestResetCode(h.db, { identifier: "", channel: "email" }, c.ctx)).toEqual({
      ok: false,
      reason: "identifierEmpty",
    });
    expect(await orderResetLink(h.db, { email: "<b>@x" }, c.ctx)).toEqual({ ok: false, reason: "invalid" });
    for (let i = 0; i < 3; i++) await remindUsernames(h.db, { contact: "erik@example.com" }, deferringContext().ctx);
    expect(await remindUsernames(h.db, { contact: "erik@example.com" }, c.ctx)).toEqual({
      ok: false,
      reason: "rateLimited",
    });
    expect(c.pending()).toBe(0);
  });
});
