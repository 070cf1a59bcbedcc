import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, memberImports, outbox, users } from "@/lib/db/schema";
import { applyImport, checkImport, IMPORT_MAX_BYTES, loadImport } from "@/lib/flows/admin/member-import";
import type { AdminScope } from "@/lib/flows/admin/scope";
import { seededTestDb } from "../helpers/db";
import { userByEmail } from "../helpers/fixtures";

const h = seededTestDb();
let demoOy: AdminScope;
let liitto: AdminScope;
beforeAll(async () => {
  const request = { ip: "192.0.2.1", userAgent: "vitest" };
  demoOy = await h.adminScope("admin@example.com", request);
  liitto = await h.adminScope("liitto.admin@example.com", request);
});

const ctx = () => ({ now: new Date(), appOrigin: "https://tunnus.example" });
const bytes = (text: string) => new TextEncoder().encode(text);
const tally = () => h.counts({ users, imports: memberImports, outbox, audit: auditEvents });

// Demo Oy (usernames). uusi@123 is invited with an unverified address; maija has verified both.
const EVERY_KIND = [
  "Käyttäjätunnus;Nimi;Sähköposti;Puhelin;Kieli",
  "liisa;Liisa Lahtinen;liisa@example.com;040 111 2222;fi", // new
  "uusi;Uuno Uusi-Nimi;uusi.toinen@example.com;;sv", // changed: name, unverified e-mail, language
  "maija;Maija Meikäläinen;maija@example.com;+358401234567;fi", // unchanged
  "ERIK;;;;", // unchanged: blank cells leave values alone, the name matches case-insensitively
  "pertti;Pertti P;not-an-address;;", // error: bad e-mail
  "paavo;Paavo P;paavo@example.com;12;", // error: bad phone
  "tupla;Tupla Yksi;tupla1@example.com;;", // error: duplicate in the file
  "Tupla;Tupla Kaksi;tupla2@example.com;;", // error: duplicate in the file
  "maija;;maija.uusi@example.com;;", // error: duplicate in the file (maija twice)
  "ilman;Ilman Osoitetta;;;", // error: a new person needs an e-mail
  "kieli;Kieli K;kieli@example.com;;klingon", // error: language
  "<script>;<b>x</b>;' OR 1=1 --;;", // error: identifier, name and e-mail
].join("\n");

describe("importing a member register", () => {
  it("the dry run shows every kind of row, writes only the import record", async () => {
    const before = await tally();
    const checked = await checkImport(h.db, demoOy, { fileName: "rekisteri.csv", bytes: bytes(EVERY_KIND) }, ctx());
    if (!checked.ok) throw new Error(checked.reason);
    const byLine = new Map(checked.plan.rows.map((r) => [r.line, r]));
    expect(byLine.get(2)).toMatchObject({ outcome: "new" });
    expect(byLine.get(3)).toMatchObject({
      outcome: "changed",
      changes: ["displayName", "email", "language"],
      reinvite: true,
    });
    expect(byLine.get(4)?.outcome).toBe("error"); // maija appears twice in the file
    expect(byLine.get(5)).toMatchObject({ outcome: "unchanged" });
    expect(byLine.get(6)?.problems).toEqual([{ field: "email", code: "invalid" }]);
    expect(byLine.get(7)?.problems).toEqual([{ field: "phone", code: "invalid" }]);
    expect(byLine.get(8)?.problems).toEqual([{ field: "identifier", code: "duplicateInFile" }]);
    expect(byLine.get(9)?.problems).toEqual([{ field: "identifier", code: "duplicateInFile" }]);
    expect(byLine.get(11)?.problems).toEqual([{ field: "email", code: "required" }]);
    expect(byLine.get(12)?.problems).toEqual([{ field: "language", code: "invalid" }]);
    expect(
      byLine
        .get(13)
        ?.problems.map((p) => p.field)
        .sort(),
    ).toEqual(["displayName", "email", "identifier"]);
    expect(checked.plan.summary).toEqual({ new: 1, changed: 1, unchanged: 1, error: 9 });
    const after = await tally();
    expect(after).toEqual({ ...before, imports: before.imports + 1 });
  });

  it("a verified address or number that differs is a conflict, not a change; so is any of an account in use", async () => {
    const checked = await checkImport(
      h.db,
      demoOy,
      {
        fileName: "x.csv",
        bytes: bytes("username,email,phone\nmaija,maija.muu@example.com,\nerik,,0409998888\nuusi,,0409998888"),
      },
      ctx(),
    );
    if (!checked.ok) throw new Error(checked.reason);
    expect(checked.plan.rows[0]).toMatchObject({
      outcome: "error",
      problems: [{ field: "email", code: "verifiedDiffers" }],
    });
    // Erik's phone is not verified, but his account is active: the number is his to change.
    expect(checked.plan.rows[1]).toMatchObject({ outcome: "error", problems: [{ field: "phone", code: "inUse" }] });
    // uusi is only invited
    expect(checked.plan.rows[2]).toMatchObject({ outcome: "changed", changes: ["phone"], reinvite: false });
  });

  it("apply: one transaction, error rows skipped, activations queued; re-importing changes nothing", async () => {
    const file = [
      "username;name;email;phone;language",
      "kalle;Kalle K;kalle@example.com;;",
      "ville;Ville V;ville@example.com;0405556666;en",
      "uusi;Uuno Uudempi;;;",
      "huono;Huono;huono@;;",
    ].join("\r\n");
    const checked = await checkImport(h.db, demoOy, { fileName: "r.csv", bytes: bytes(file) }, ctx());
    if (!checked.ok) throw new Error(checked.reason);
    expect(checked.plan.summary).toEqual({ new: 2, changed: 1, unchanged: 0, error: 1 });
    expect(await applyImport(h.db, liitto, { importId: checked.importId, sendActivations: true }, ctx())).toEqual({
      ok: false,
      reason: "notFound",
    });
    expect(await loadImport(h.db, liitto, checked.importId)).toBeNull();
    const applied = await applyImport(h.db, demoOy, { importId: checked.importId, sendActivations: true }, ctx());
    expect(applied).toEqual({ ok: true, created: 2, changed: 1, skipped: 1, activationsSent: 2 });
    expect(await userByEmail(h.db, "ville@example.com")).toMatchObject({
      status: "invited",
      phone: "+358405556666",
      language: "en",
      displayName: "Ville V",
    });
    expect(
      (await userByEmail(h.db, "uusi.toinen@example.com").catch(() => userByEmail(h.db, "uusi@example.com")))
        .displayName,
    ).toBe("Uuno Uudempi");
    const [activation] = await h.db.select().from(outbox).where(eq(outbox.recipient, "kalle@example.com"));
    expect(activation).toMatchObject({ template: "ActivationEmail", props: { username: "kalle@123" } });
    const created = await h.db.select().from(auditEvents).where(eq(auditEvents.event, "user.created"));
    expect(
      created.filter((e) => (e.details as { by?: string }).by === "import" && e.actorUserId === demoOy.actorUserId),
    ).toHaveLength(2);
    expect(await applyImport(h.db, demoOy, { importId: checked.importId, sendActivations: true }, ctx())).toEqual({
      ok: false,
      reason: "alreadyApplied",
    });

    const before = await tally();
    const again = await checkImport(h.db, demoOy, { fileName: "r.csv", bytes: bytes(file) }, ctx());
    if (!again.ok) throw new Error(again.reason);
    expect(again.plan.summary).toEqual({ new: 0, changed: 0, unchanged: 3, error: 1 });
    expect(await applyImport(h.db, demoOy, { importId: again.importId, sendActivations: true }, ctx())).toMatchObject({
      ok: true,
      created: 0,
      changed: 0,
      activationsSent: 0,
    });
    const after = await tally();
    expect(after.users).toBe(before.users);
    expect(after.outbox).toBe(before.outbox);
  });

  it("membership numbers in an organisation of numbers; a comma-separated file with a BOM", async () => {
    const checked = await checkImport(
      h.db,
      liitto,
      {
        fileName: "j.csv",
        bytes: bytes(
          "\uFEFFJäsennumero,Nimi,Sähköposti\n10001,Jaana Jäsen,jasen@example.com\n10003,Jouni Jäsen,jouni@example.com\n",
        ),
      },
      ctx(),
    );
    if (!checked.ok) throw new Error(checked.reason);
    expect(checked.plan.rows.map((r) => r.outcome)).toEqual(["unchanged", "new"]);
    expect(
      await applyImport(h.db, liitto, { importId: checked.importId, sendActivations: false }, ctx()),
    ).toMatchObject({ ok: true, created: 1, activationsSent: 0 });
    expect(await userByEmail(h.db, "jouni@example.com")).toMatchObject({
      membershipNumber: "10003",
      username: null,
      status: "invited",
    });
  });

  it("refuses a broken file with nothing written: bad encoding, no header, 10 MB, binary, empty", async () => {
    const before = await tally();
    const latin1 = Uint8Array.from([...bytes("username;name;email\nj"), 0xe4, ...bytes("rvi;J;j@example.com\n")]);
    const tenMegabytes = bytes(`username;email\n${"a;a@example.com\n".repeat(Math.ceil((10 * 1024 * 1024) / 16))}`);
    expect(tenMegabytes.byteLength).toBeGreaterThan(IMPORT_MAX_BYTES);
    const cases: [Uint8Array, string][] = [
      [latin1, "notUtf8"],
      [bytes("maija;Maija;maija@example.com\n"), "noIdentifierColumn"],
      [bytes("name;email\nMaija;maija@example.com\n"), "noIdentifierColumn"],
      [tenMegabytes, "tooLarge"],
      [Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), "notCsv"],
      [bytes(""), "empty"],
      [bytes("username;email\n"), "noRows"],
      [bytes('username;email\n"maija;maija@example.com\n'), "notCsv"],
    ];
    for (const [file, reason] of cases) {
      expect(await checkImport(h.db, demoOy, { fileName: "x.csv", bytes: file }, ctx())).toMatchObject({
        ok: false,
        reason,
      });
    }
    expect(await tally()).toEqual(before);
  });
});
