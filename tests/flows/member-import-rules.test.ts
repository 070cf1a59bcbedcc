import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/password/hash";
import { auditEvents, outbox, users } from "@/lib/db/schema";
import { applyImport, checkImport } from "@/lib/flows/admin/member-import";
import type { AdminScope } from "@/lib/flows/admin/scope";
import { checkLinkToken, createLinkToken } from "@/lib/tokens/tokens";
import { seededTestDb } from "../helpers/db";
import { secretFromUrl, userByEmail, messageTo, must } from "../helpers/fixtures";

/** Conflicts with other accounts, accounts in use, and the invited whose address changes. */
const h = seededTestDb();
let demoOy: AdminScope;
beforeAll(async () => {
  demoOy = await h.adminScope("admin@example.com", { ip: "192.0.2.1", userAgent: "vitest" });
  const set = (email: string, values: Partial<typeof users.$inferInsert>) =>
    h.db.update(users).set(values).where(eq(users.email, email));
  await set("maija@example.com", { membershipNumber: "M-100" });
  await set("erik@example.com", { membershipNumber: "M-200" });
  await set("admin@example.com", { membershipNumber: "M-500" });
  // In use with nothing verified: the case a verified-only rule misses.
  const hash = await hashPassword("aktiivin salasana 2026");
  await h.db.insert(users).values([
    {
      organizationId: demoOy.organizationId,
      username: "aktiivi",
      displayName: "Akti Ivi",
      email: "aktiivi@example.com",
      phone: "+358401110000",
      passwordHash: hash,
      status: "active",
    },
    {
      organizationId: demoOy.organizationId,
      username: "lukittu",
      displayName: "Lukit Tu",
      email: "lukittu@example.com",
      passwordHash: hash,
      status: "locked",
    },
    {
      organizationId: demoOy.organizationId,
      username: "kutsuttu",
      displayName: "Kutsu Ttu",
      email: "kutsuttu@example.com",
      status: "invited",
    },
  ]);
});

const ctx = () => ({ now: new Date(), appOrigin: "https://tunnus.example" });
const bytes = (text: string) => new TextEncoder().encode(text);
const outboxCount = () => h.count(outbox);

// Demo Oy signs in with usernames; the register also carries membership numbers.
const EVERY_KIND = [
  "Käyttäjätunnus;Jäsennumero;Nimi;Sähköposti;Puhelin;Kieli",
  "liisa;M-300;Liisa Lahtinen;liisa@example.com;040 111 2222;fi", // 2 new, with a number
  "uusi;M-400;Uuno Uusi;uusi.uusi@example.com;;", // 3 changed: number and the invited person's e-mail
  "maija;M-100;Maija Meikäläinen;maija@example.com;+358401234567;fi", // 4 unchanged
  "erik;M-500;;;;", // 5 error: erik's username, the administrator's number
  "kalle;M-200;Kalle K;kalle@example.com;;", // 6 error: a new username with erik's number
  "admin;M-999;;;;", // 7 error: the account already has another number
  "aktiivi;;;aktiivi.uusi@example.com;;", // 8 error: e-mail of an account in use
  "lukittu;;;;040 222 3333;", // 9 error: phone of an account in use (locked, but activated once)
  "tupla;M-600;Tupla Yksi;tupla1@example.com;;", // 10 error: number twice in the file
  "tupla2;M-600;Tupla Kaksi;tupla2@example.com;;", // 11 error: number twice in the file
  "numero;M 7;Numero N;numero@example.com;;", // 12 error: not a membership number
  "huono;;Huono H;huono@;;", // 13 error: bad e-mail
  "ilman;;Ilman Osoitetta;;;", // 14 error: a new person needs an e-mail
  "kutsuttu;;;kutsuttu@example.com;;", // 15 unchanged (the same address)
  "perhe;;Perhe Jäsen;maija@example.com;;", // 16 new: a family may share an address
].join("\n");

describe("a register with usernames and membership numbers", () => {
  it("the dry run: every kind of row, with the reason for each error", async () => {
    const checked = await checkImport(h.db, demoOy, { fileName: "kaikki.csv", bytes: bytes(EVERY_KIND) }, ctx());
    if (!checked.ok) throw new Error(checked.reason);
    const row = (line: number) =>
      must(
        checked.plan.rows.find((r) => r.line === line),
        `line ${line}`,
      );
    expect(row(2)).toMatchObject({ outcome: "new", values: { membershipNumber: "M-300" } });
    expect(row(3)).toMatchObject({ outcome: "changed", changes: ["membershipNumber", "email"], reinvite: true });
    expect(row(4)).toMatchObject({ outcome: "unchanged" });
    expect(row(5)).toMatchObject({ outcome: "error", problems: [{ field: "row", code: "twoAccounts" }] });
    expect(row(6)).toMatchObject({ outcome: "error", problems: [{ field: "membershipNumber", code: "otherAccount" }] });
    expect(row(7)).toMatchObject({ outcome: "error", problems: [{ field: "membershipNumber", code: "differs" }] });
    expect(row(8)).toMatchObject({ outcome: "error", problems: [{ field: "email", code: "inUse" }] });
    expect(row(9)).toMatchObject({ outcome: "error", problems: [{ field: "phone", code: "inUse" }] });
    expect(row(10).problems).toEqual([{ field: "membershipNumber", code: "duplicateInFile" }]);
    expect(row(11).problems).toEqual([{ field: "membershipNumber", code: "duplicateInFile" }]);
    expect(row(12).problems).toEqual([{ field: "membershipNumber", code: "invalid" }]);
    expect(row(13).problems).toEqual([{ field: "email", code: "invalid" }]);
    expect(row(14).problems).toEqual([{ field: "email", code: "required" }]);
    expect(row(15)).toMatchObject({ outcome: "unchanged" });
    expect(row(16)).toMatchObject({ outcome: "new" });
    expect(checked.plan.summary).toEqual({ new: 2, changed: 1, unchanged: 2, error: 10 });
  });

  it("apply: the invited person's old activation link dies and a new one goes to the new address; errors change nothing", async () => {
    const uusi = await userByEmail(h.db, "uusi@example.com");
    const { secret: oldLink } = await createLinkToken(h.db, {
      userId: uusi.id,
      purpose: "activation",
      now: new Date(),
    });
    const { secret: oldReset } = await createLinkToken(h.db, {
      userId: uusi.id,
      purpose: "reset_link",
      now: new Date(),
    });
    const before = {
      aktiivi: await userByEmail(h.db, "aktiivi@example.com"),
      erik: await userByEmail(h.db, "erik@example.com"),
      lukittu: await userByEmail(h.db, "lukittu@example.com"),
    };
    const checked = await checkImport(h.db, demoOy, { fileName: "kaikki.csv", bytes: bytes(EVERY_KIND) }, ctx());
    if (!checked.ok) throw new Error(checked.reason);
    const applied = await applyImport(h.db, demoOy, { importId: checked.importId, sendActivations: true }, ctx());
    expect(applied).toEqual({ ok: true, created: 2, changed: 1, skipped: 10, activationsSent: 3 });

    expect(await userByEmail(h.db, "uusi.uusi@example.com")).toMatchObject({
      id: uusi.id,
      membershipNumber: "M-400",
      status: "invited",
    });
    expect(await checkLinkToken(h.db, oldLink, "activation", new Date())).toMatchObject({ ok: false, reason: "used" });
    expect(await checkLinkToken(h.db, oldReset, "reset_link", new Date())).toMatchObject({ ok: false, reason: "used" });
    const fresh = await messageTo(h.db, "uusi.uusi@example.com");
    expect(fresh).toMatchObject({ template: "ActivationEmail", userId: uusi.id });
    expect(
      await checkLinkToken(h.db, secretFromUrl(fresh.props.activationUrl), "activation", new Date()),
    ).toMatchObject({ ok: true, userId: uusi.id });
    expect(await userByEmail(h.db, "liisa@example.com")).toMatchObject({
      username: "liisa",
      membershipNumber: "M-300",
      phone: "+358401112222",
    });
    expect((await h.db.select().from(users).where(eq(users.username, "perhe")))[0]).toMatchObject({
      email: "maija@example.com",
      membershipNumber: null,
    });
    expect(await userByEmail(h.db, "aktiivi@example.com")).toEqual(before.aktiivi);
    expect(await userByEmail(h.db, "erik@example.com")).toEqual(before.erik);
    expect(await userByEmail(h.db, "lukittu@example.com")).toEqual(before.lukittu);
    expect(await h.db.select().from(users).where(eq(users.username, "kalle"))).toEqual([]);

    // Audited with the acting administrator: the update (with its voided links) and the import.
    const [updated] = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectUserId, uusi.id), eq(auditEvents.event, "user.updated")));
    expect(updated).toMatchObject({
      actorUserId: demoOy.actorUserId,
      organizationId: demoOy.organizationId,
      details: { by: "import", importId: checked.importId, fields: ["membershipNumber", "email"], linksVoided: true },
    });
    const [importAudit] = await h.db.select().from(auditEvents).where(eq(auditEvents.event, "admin.importApplied"));
    expect(importAudit).toMatchObject({
      actorUserId: demoOy.actorUserId,
      organizationId: demoOy.organizationId,
      subjectUserId: null,
      ip: "192.0.2.1",
      details: {
        importId: checked.importId,
        fileName: "kaikki.csv",
        created: 2,
        changed: 1,
        skipped: 10,
        activationsSent: 3,
      },
    });

    const sent = await outboxCount();
    // Re-importing the same file changes nothing and sends nothing.
    const again = await checkImport(h.db, demoOy, { fileName: "kaikki.csv", bytes: bytes(EVERY_KIND) }, ctx());
    if (!again.ok) throw new Error(again.reason);
    expect(again.plan.summary).toEqual({ new: 0, changed: 0, unchanged: 5, error: 10 });
    expect(await outboxCount()).toBe(sent);
  });

  it("without activation messages the old link still dies, and nothing is sent", async () => {
    const kutsuttu = await userByEmail(h.db, "kutsuttu@example.com");
    const { secret } = await createLinkToken(h.db, { userId: kutsuttu.id, purpose: "activation", now: new Date() });
    const sent = await outboxCount();
    const checked = await checkImport(
      h.db,
      demoOy,
      { fileName: "k.csv", bytes: bytes("username;email\nkutsuttu;kutsuttu.oikea@example.com\n") },
      ctx(),
    );
    if (!checked.ok) throw new Error(checked.reason);
    expect(await applyImport(h.db, demoOy, { importId: checked.importId, sendActivations: false }, ctx())).toEqual({
      ok: true,
      created: 0,
      changed: 1,
      skipped: 0,
      activationsSent: 0,
    });
    expect(await checkLinkToken(h.db, secret, "activation", new Date())).toMatchObject({ ok: false, reason: "used" });
    expect(await outboxCount()).toBe(sent);
  });

  it("in an organisation of membership numbers a username column is not used", async () => {
    const liitto = await userByEmail(h.db, "liitto.admin@example.com");
    const scope = { organizationId: liitto.organizationId, actorUserId: liitto.id };
    const checked = await checkImport(
      h.db,
      scope,
      { fileName: "l.csv", bytes: bytes("Jäsennumero;Käyttäjätunnus;Nimi\n10001;jaana;Jaana Jäsen\n") },
      ctx(),
    );
    if (!checked.ok) throw new Error(checked.reason);
    expect(checked.plan.ignoredColumns).toEqual(["Käyttäjätunnus"]);
    expect(checked.plan.rows[0]).toMatchObject({ outcome: "unchanged", identifier: "10001" });
    // A username-only file cannot name anyone there.
    expect(
      await checkImport(h.db, scope, { fileName: "u.csv", bytes: bytes("Käyttäjätunnus;Nimi\njaana;Jaana\n") }, ctx()),
    ).toMatchObject({ ok: false, reason: "noIdentifierColumn" });
  });
});
