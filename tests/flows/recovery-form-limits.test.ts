import { describe, expect, it } from "vitest";
import { contactErrorKey, orderLinkErrorKey, resetCodeErrorKey } from "@/app/(site)/(auth)/recovery-errors";
import { remindUsernames } from "@/lib/flows/recovery/forgot-username";
import { requestResetCode } from "@/lib/flows/password/reset-by-code";
import { orderResetLink } from "@/lib/flows/password/reset-by-link";
import { ratePolicies } from "@/lib/rate-limit";
import { seededTestDb } from "../helpers/db";
import { insertMember, outboxOf, tokensOf } from "../helpers/members";
import { messageIn } from "../helpers/translations";

/**
 * The two recovery limits on each of the three forms: 20 requests per IP and 3 per address (or
 * username) in 15 minutes. Past either, known and unknown accounts get the same refusal, nothing
 * is sent, and the refusal is a text in every language. The members are Demo-liitto ry's: the
 * default organisation reveals, so "Tilaa uusi salasana" is its form and sends for its accounts.
 */
const h = seededTestDb();

type Member = Awaited<ReturnType<typeof insertMember>>;
let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;
// The code's resend cooldown runs on the flow's clock: each ask a little later, so each may send.
let minutes = 0;
const ctx = (ip: string) => ({
  now: new Date(Date.now() + ++minutes * 61_000),
  ip,
  userAgent: "vitest",
  appOrigin: "https://tunnus.example",
});

const forms = [
  {
    form: "/forgot-password",
    ask: (who: Member | string, ip: string) =>
      requestResetCode(
        h.db,
        { identifier: typeof who === "string" ? `${who}@123` : who.identifier, channel: "email" },
        ctx(ip),
      ),
    key: resetCodeErrorKey,
  },
  {
    form: "/order-password",
    ask: (who: Member | string, ip: string) =>
      orderResetLink(h.db, { email: typeof who === "string" ? `${who}@example.com` : who.email }, ctx(ip)),
    key: orderLinkErrorKey,
  },
  {
    form: "/forgot-username",
    ask: (who: Member | string, ip: string) =>
      remindUsernames(h.db, { contact: typeof who === "string" ? `${who}@example.com` : who.email }, ctx(ip)),
    key: contactErrorKey,
  },
] as const;

const limited = { ok: false, reason: "rateLimited" };

describe.each(forms)("$form", ({ form, ask, key }) => {
  it("per IP: the 21st request is refused alike for a known and an unknown account, and sends nothing", async () => {
    expect(ratePolicies.recoveryPerIp().points).toBe(20);
    const ip = freshIp();
    const tag = form.replace(/\W/g, "");
    for (let i = 0; i < 20; i++) expect((await ask(`ei-ketaan-${tag}-${i}`, ip)).ok).toBe(true);
    const member = await insertMember(h.db, { licence: "200" });
    const [known, unknown] = [await ask(member, ip), await ask(`ei-ketaan-${tag}-x`, ip)];
    expect(known).toEqual(limited);
    expect(JSON.stringify(unknown)).toBe(JSON.stringify(known));
    expect(await outboxOf(h.db, member.user.id)).toEqual([]);
    expect(await tokensOf(h.db, member.user.id)).toEqual([]);
    // Another address is not behind this one's limit: the refusal was the IP's.
    expect((await ask(member, freshIp())).ok).toBe(true);
  });

  it("per address: the 4th request from anywhere is refused alike, and nothing more is sent", async () => {
    const member = await insertMember(h.db, { licence: "200" });
    const unknown = `ei-ketaan-${form.replace(/\W/g, "")}-osoite`;
    for (let i = 0; i < 3; i++) {
      expect(await ask(member, freshIp())).toMatchObject({ ok: true });
      expect(await ask(unknown, freshIp())).toMatchObject({ ok: true });
    }
    const [known, other] = [await ask(member, freshIp()), await ask(unknown, freshIp())];
    expect(known).toEqual(limited);
    expect(JSON.stringify(other)).toBe(JSON.stringify(known));
    expect(await outboxOf(h.db, member.user.id)).toHaveLength(3);
  });

  it("the refusal is shown as the translated 'try again later'", () => {
    const shown = key("rateLimited");
    expect(messageIn("fi", shown)).toBe("Liian monta pyyntöä. Yritä myöhemmin uudelleen.");
    expect(messageIn("sv", shown)).toBe("För många begäranden. Försök igen senare.");
    expect(messageIn("en", shown)).toBe("Too many requests. Please try again later.");
  });
});
