import { describe, expect, it } from "vitest";
import { resetCodeErrorKey } from "@/app/(site)/(auth)/recovery-errors";
import { requestResetCode } from "@/lib/flows/password/reset-by-code";
import { seededTestDb } from "../helpers/db";
import { must } from "../helpers/fixtures";
import { insertMember, outboxOf, uniqueMobile } from "../helpers/members";
import { messageIn } from "../helpers/translations";

/**
 * A reset code goes out at most once a minute per account, whatever the channel. Asking again
 * within the minute (say, by SMS right after e-mail) used to answer "we sent a code" while
 * nothing went out; now the page says when a new code can be asked for, the same way for every
 * name, known or not, since the minute is counted per canonical name before the answer.
 */
const h = seededTestDb();

let ip = 0;
const at = (now: Date) => ({ now, ip: `192.0.2.${++ip}`, userAgent: "vitest" });

describe("a second code within the minute", () => {
  it("e-mail, then SMS 20 s later: 'in 40 s', alike for a known and an unknown name; after the minute, the SMS goes", async () => {
    const member = await insertMember(h.db, { phone: uniqueMobile() });
    const t0 = new Date();
    const after20s = new Date(t0.getTime() + 20_000);
    const answers = [];
    for (const identifier of [member.identifier, "ei-ketaan-koskaan@123"]) {
      expect(await requestResetCode(h.db, { identifier, channel: "email" }, at(t0))).toEqual({ ok: true });
      answers.push(await requestResetCode(h.db, { identifier, channel: "sms" }, at(after20s)));
    }
    expect(answers).toEqual([
      { ok: false, reason: "cooldown", retryAfterSeconds: 40 },
      { ok: false, reason: "cooldown", retryAfterSeconds: 40 },
    ]);
    expect((await outboxOf(h.db, member.user.id)).map((m) => m.template)).toEqual(["ResetCodeEmail"]);

    expect(
      await requestResetCode(
        h.db,
        { identifier: member.identifier, channel: "sms" },
        at(new Date(t0.getTime() + 60_000)),
      ),
    ).toEqual({ ok: true });
    expect((await outboxOf(h.db, member.user.id)).map((m) => m.template).sort()).toEqual([
      "ResetCodeEmail",
      "ResetCodeSms",
    ]);
  });

  it("`name` and `name@licence` are one name: the minute holds across both forms", async () => {
    const member = await insertMember(h.db, { licence: "200" });
    const t0 = new Date(Date.now() + 3600_000);
    expect(await requestResetCode(h.db, { identifier: member.identifier, channel: "email" }, at(t0))).toEqual({
      ok: true,
    });
    expect(
      await requestResetCode(
        h.db,
        { identifier: must(member.user.username, "a username").toUpperCase(), channel: "email" },
        at(new Date(t0.getTime() + 1_000)),
      ),
    ).toEqual({
      ok: false,
      reason: "cooldown",
      retryAfterSeconds: 59,
    });
  });

  it("is said in the person's language, with the seconds", () => {
    const key = resetCodeErrorKey("cooldown");
    expect(messageIn("fi", key)).toBe("Voit pyytää uuden koodin {seconds} sekunnin kuluttua.");
    expect(messageIn("sv", key)).toBe(
      "Du kan begära en ny kod om {seconds, plural, one {# sekund} other {# sekunder}}.",
    );
    expect(messageIn("en", key)).toBe(
      "You can ask for a new code in {seconds, plural, one {# second} other {# seconds}}.",
    );
  });
});
