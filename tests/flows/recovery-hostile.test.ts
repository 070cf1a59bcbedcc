import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  contactErrorKey,
  orderLinkErrorKey,
  passwordProblemMessage,
  resetCodeErrorKey,
} from "@/app/(site)/(auth)/recovery-errors";
import { rowsOf } from "@/lib/db/rows";
import { remindUsernames } from "@/lib/flows/recovery/forgot-username";
import { requestResetCode, resetPasswordWithCode, type ResetWithCodeResult } from "@/lib/flows/password/reset-by-code";
import { loadResetLink, orderResetLink, resetPasswordWithLink } from "@/lib/flows/password/reset-by-link";
import { seededTestDb } from "../helpers/db";
import { linkSecretIn, messageTo } from "../helpers/fixtures";
import { insertMember } from "../helpers/members";
import { translatedEverywhere } from "../helpers/translations";

/**
 * Every field of the recovery forms, and the link's path segment, given what an attacker or a
 * broken client sends: each gets a refusal that is a text in fi, sv and en, and nothing is stored
 * (no row added, changed or counted, not even a rate-limit point).
 */
const h = seededTestDb();

const LONG = "x".repeat(10_000);
const CONTROL = "maija\u0000\u0007\u001b[31m\r\nBcc: x@example.com";
const SQL = "' OR 1=1; DROP TABLE users; --";
const HTML = "<script>alert(1)</script>";
const HOSTILE = [LONG, "1".repeat(10_000), CONTROL, SQL, HTML];
const GOOD = "talven pitkä pimeä aika";
const ctx = () => ({ now: new Date(), ip: "192.0.2.66", userAgent: "vitest", appOrigin: "https://tunnus.example" });

const TABLES = ["users", "one_time_tokens", "outbox", "audit_events", "sessions", "rate_limits", "captured_messages"];
/**
 * Every row of the tables a recovery form may write, as text: any change at all shows. Except the
 * code step's own limits: a well-formed password with a wrong code is a try at the code, and
 * counts, however hostile the password's text.
 */
const snapshot = async () => {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const where = table === "rate_limits" ? " WHERE key NOT LIKE 'resetCodeCheck%'" : "";
    out[table] = JSON.stringify(rowsOf(await h.db.execute(sql.raw(`SELECT * FROM ${table}${where} ORDER BY 1`))));
  }
  return out;
};

/** A refusal whose message key is a text in every language. */
function expectTranslatedRefusal<R extends { ok: boolean }>(
  result: R,
  key: (refusal: Exclude<R, { ok: true }>) => string,
) {
  expect(result.ok).toBe(false);
  const shown = key(result as Exclude<R, { ok: true }>);
  expect(translatedEverywhere(shown), shown).toBe(true);
}

describe("hostile and overlong input on the recovery forms", () => {
  it("is refused with a translated message, and nothing is stored", async () => {
    const member = await insertMember(h.db, { licence: "200" }); // whose organisation's form /order-password is
    await orderResetLink(h.db, { email: member.email }, ctx());
    const secret = linkSecretIn(await messageTo(h.db, member.email));
    const before = await snapshot();
    const codeKey = (r: Exclude<ResetWithCodeResult, { ok: true }>) =>
      r.reason === "password" ? passwordProblemMessage(r.problem).key : resetCodeErrorKey(r.reason);

    for (const bad of HOSTILE) {
      // /forgot-password, step one: the username and the channel.
      expectTranslatedRefusal(await requestResetCode(h.db, { identifier: bad, channel: "email" }, ctx()), (r) =>
        resetCodeErrorKey(r.reason),
      );
      expect(await requestResetCode(h.db, { identifier: member.identifier, channel: bad }, ctx())).toEqual({
        ok: false,
        reason: "channelMissing",
      });
      // Step two: the code, the (hidden) username, the password and its repeat.
      const step2 = { identifier: member.identifier, code: "123456", password: GOOD, repeat: GOOD };
      expect(await resetPasswordWithCode(h.db, { ...step2, code: bad }, ctx())).toEqual({
        ok: false,
        reason: "codeMalformed",
      });
      expect(await resetPasswordWithCode(h.db, { ...step2, identifier: bad }, ctx())).toEqual({
        ok: false,
        reason: "codeWrong",
      });
      expectTranslatedRefusal(
        await resetPasswordWithCode(h.db, { ...step2, password: bad, repeat: bad }, ctx()),
        codeKey,
      );
      expectTranslatedRefusal(await resetPasswordWithCode(h.db, { ...step2, repeat: bad }, ctx()), codeKey);
      // /order-password and /forgot-username.
      expectTranslatedRefusal(await orderResetLink(h.db, { email: bad }, ctx()), (r) => orderLinkErrorKey(r.reason));
      expectTranslatedRefusal(await remindUsernames(h.db, { contact: bad }, ctx()), (r) => contactErrorKey(r.reason));
      // /reset-password/[token]: the token in the path, and the password on a live link.
      expect(await loadResetLink(h.db, bad, new Date())).toEqual({ ok: false, reason: "unknown" });
      expect(await resetPasswordWithLink(h.db, { secret: bad, password: GOOD }, ctx())).toEqual({
        ok: false,
        reason: "link",
      });
    }
    for (const bad of [LONG, CONTROL]) {
      const refused = await resetPasswordWithLink(h.db, { secret, password: bad }, ctx());
      expect(refused).toMatchObject({ ok: false, reason: "password" });
      if (refused.ok || refused.reason !== "password") throw new Error("not a password refusal");
      expect(translatedEverywhere(passwordProblemMessage(refused.problem).key)).toBe(true);
    }
    expect(translatedEverywhere(resetCodeErrorKey("codeMalformed"))).toBe(true);
    expect(translatedEverywhere(resetCodeErrorKey("codeWrong"))).toBe(true);
    expect(translatedEverywhere(resetCodeErrorKey("channelMissing"))).toBe(true);
    expect(translatedEverywhere("recovery.errors.linkInvalid")).toBe(true);

    expect(await snapshot()).toEqual(before);
    // ...and the live link still works after all that.
    expect(await loadResetLink(h.db, secret, new Date())).toMatchObject({ ok: true });
  });
});
