import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox } from "@/lib/db/schema";
import { createUser } from "@/lib/flows/admin/users";
import { remindUsernames } from "@/lib/flows/recovery/forgot-username";
import { seededTestDb } from "../helpers/db";
import { latestOutboxTo, accountsIn, must } from "../helpers/fixtures";
import { insertMember } from "../helpers/members";

const h = seededTestDb();

let ip = 0;
const ctx = () => ({
  now: new Date(),
  ip: `192.0.2.${++ip}`,
  userAgent: "vitest",
  appOrigin: "https://tunnus.example",
});

describe("forgotten username", () => {
  it("e-mails every username on a verified address", async () => {
    expect(await remindUsernames(h.db, { contact: " MAIJA@example.com " }, ctx())).toEqual({ ok: true });
    const message = await latestOutboxTo(h.db, "maija@example.com");
    expect(message).toMatchObject({
      template: "UsernameReminderEmail",
      props: {
        accounts: [{ identifier: "maija@123", organizationName: "Demo Oy" }],
        loginUrl: "https://tunnus.example/login",
      },
    });
  });

  it("texts them to a verified number, however it is written", async () => {
    expect(await remindUsernames(h.db, { contact: "040 123 4567" }, ctx())).toEqual({ ok: true });
    expect(await latestOutboxTo(h.db, "+358401234567")).toMatchObject({
      channel: "sms",
      template: "UsernameReminderSms",
      props: { identifiers: ["maija@123"] },
    });
  });

  it("several usernames on one verified address: all in one message there, none in the answer", async () => {
    const first = await insertMember(h.db, { licence: "123" });
    const email = first.email;
    const others = [
      await insertMember(h.db, { licence: "123", email }),
      await insertMember(h.db, { licence: "200", email }),
    ];
    const unverified = await insertMember(h.db, { licence: "123", email, emailVerified: false });
    expect(await remindUsernames(h.db, { contact: email.toUpperCase() }, ctx())).toEqual({ ok: true });
    const sent = await h.db.select().from(outbox).where(eq(outbox.recipient, email));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: "email", template: "UsernameReminderEmail" });
    const identifiers = accountsIn(must(sent[0], "the reminder")).map((a) => a.identifier);
    expect(identifiers.sort()).toEqual([first, ...others].map((m) => m.identifier).sort());
    expect(identifiers).not.toContain(unverified.identifier);
  });

  it("sends nothing to an unverified address or an unknown one, and answers the same", async () => {
    await createUser(
      h.db,
      { licence: "123", identifier: "unverified", email: "unverified@example.com" },
      { now: new Date(), actor: { userId: null }, appOrigin: "https://x" },
    );
    const before = await latestOutboxTo(h.db, "unverified@example.com"); // the activation e-mail
    expect(await remindUsernames(h.db, { contact: "unverified@example.com" }, ctx())).toEqual({ ok: true });
    expect(await remindUsernames(h.db, { contact: "nobody@example.com" }, ctx())).toEqual({ ok: true });
    expect(await latestOutboxTo(h.db, "unverified@example.com")).toEqual(before);
    expect(await latestOutboxTo(h.db, "nobody@example.com")).toBeUndefined();
  });

  it("refuses empty, overlong and hostile input", async () => {
    for (const [contact, reason] of [
      ["", "empty"],
      ["9".repeat(10_000), "tooLong"],
      ["<script>alert(1)</script>", "invalid"],
      ["a@b", "invalid"],
      ["'; DROP TABLE users; --", "invalid"],
    ] as const) {
      expect(await remindUsernames(h.db, { contact }, ctx())).toEqual({ ok: false, reason });
    }
  });
});
