import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, memberImports, oneTimeTokens, outbox, users } from "@/lib/db/schema";
import { applyImport, checkImport, IMPORT_KEEP_HOURS, loadImport } from "@/lib/flows/admin/member-import";
import type { AdminScope } from "@/lib/flows/admin/scope";
import { runOutboxJob } from "@/lib/jobs/cron";
import { captureTransports } from "@/lib/messages/transports/capture";
import { createLinkToken } from "@/lib/tokens/tokens";
import { seededTestDb } from "../helpers/db";
import { userByEmail, firstOf } from "../helpers/fixtures";

/** An apply that fails half-way leaves nothing behind; registers are not kept longer than needed. */
const h = seededTestDb();
let demoOy: AdminScope;
beforeAll(async () => {
  demoOy = await h.adminScope("admin@example.com");
});

const ctx = (now = new Date()) => ({ now, appOrigin: "https://tunnus.example" });
const bytes = (text: string) => new TextEncoder().encode(text);
const snapshot = async () => ({
  users: await h.db.select().from(users).orderBy(users.id),
  outbox: await h.count(outbox),
  audit: await h.count(auditEvents),
  tokens: await h.db.select().from(oneTimeTokens).orderBy(oneTimeTokens.id),
  imports: await h.db.select().from(memberImports).orderBy(memberImports.id),
});

// New people (with activations), a changed invited address (voids a link), and a name change.
const FILE = [
  "username;name;email",
  "eka;Eka E;eka@example.com",
  "toka;Toka T;toka@example.com",
  "kolmas;Boom;kolmas@example.com",
  "uusi;Uuno Uusi;uusi.toinen@example.com",
  "erik;Erik Uusinimi;",
].join("\n");

describe("a failure in the middle of apply", () => {
  it.each([
    [
      "a row that breaks a constraint at insert",
      "test_no_boom",
      ["ALTER TABLE users ADD CONSTRAINT test_no_boom CHECK (display_name <> 'Boom')"],
      ["ALTER TABLE users DROP CONSTRAINT test_no_boom"],
    ],
    [
      "the last write throwing, after users, tokens, outbox and audit rows were written",
      // The SQLSTATE of RAISE EXCEPTION: a failed query's error carries no Postgres message (lib/db/query-errors.ts).
      "P0001",
      [
        "CREATE FUNCTION test_fail_import() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.event = 'admin.importApplied' THEN RAISE EXCEPTION 'forced failure'; END IF; RETURN NEW; END $$",
        "CREATE TRIGGER test_fail_import BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION test_fail_import()",
      ],
      ["DROP TRIGGER test_fail_import ON audit_events", "DROP FUNCTION test_fail_import()"],
    ],
  ])(
    "%s: users, tokens, outbox, audit and the import's state are as before",
    async (_name, reason, breakIt, repair) => {
      const uusi = await userByEmail(h.db, "uusi@example.com");
      await createLinkToken(h.db, { userId: uusi.id, purpose: "activation", now: new Date() });
      const checked = await checkImport(h.db, demoOy, { fileName: "r.csv", bytes: bytes(FILE) }, ctx());
      if (!checked.ok) throw new Error(checked.reason);
      expect(checked.plan.summary).toEqual({ new: 3, changed: 2, unchanged: 0, error: 0 });
      for (const statement of breakIt) await h.db.execute(statement);
      const before = await snapshot();
      try {
        const failure = await applyImport(
          h.db,
          demoOy,
          { importId: checked.importId, sendActivations: true },
          ctx(),
        ).then(
          () => "applied",
          (error: Error & { cause?: Error }) => `${error.message} ${error.cause?.message ?? ""}`,
        );
        expect(failure).toContain(reason);
        expect(await snapshot()).toEqual(before);
        expect(before.imports.find((i) => i.id === checked.importId)).toMatchObject({
          status: "checked",
          appliedAt: null,
          content: FILE,
        });
      } finally {
        for (const statement of repair) await h.db.execute(statement);
      }
    },
  );

  it("once repaired, the same import applies", async () => {
    const checked = await checkImport(h.db, demoOy, { fileName: "r.csv", bytes: bytes(FILE) }, ctx());
    if (!checked.ok) throw new Error(checked.reason);
    expect(await applyImport(h.db, demoOy, { importId: checked.importId, sendActivations: true }, ctx())).toEqual({
      ok: true,
      created: 3,
      changed: 2,
      skipped: 0,
      activationsSent: 4,
    });
  });
});

describe("retention of uploaded registers", () => {
  it("applied: the content is cleared at once, the counts stay", async () => {
    const checked = await checkImport(
      h.db,
      demoOy,
      { fileName: "a.csv", bytes: bytes("username;name;email\nneljas;Neljäs N;neljas@example.com") },
      ctx(),
    );
    if (!checked.ok) throw new Error(checked.reason);
    await applyImport(h.db, demoOy, { importId: checked.importId, sendActivations: false }, ctx());
    const loaded = await loadImport(h.db, demoOy, checked.importId);
    expect(loaded).toMatchObject({
      status: "applied",
      content: null,
      plan: null,
      summary: { new: 1, changed: 0, unchanged: 0, error: 0 },
    });
  });

  it("the cron job deletes dry runs never applied after the keeping time, clears applied ones, and keeps fresh ones", async () => {
    const now = new Date();
    const old = new Date(now.getTime() - (IMPORT_KEEP_HOURS + 1) * 3_600_000);
    const file = bytes("username;name;email;phone\nviides;Viides V;viides@example.com;040 555 1234");
    const stale = await checkImport(h.db, demoOy, { fileName: "vanha.csv", bytes: file }, ctx(old));
    const fresh = await checkImport(
      h.db,
      demoOy,
      { fileName: "tuore.csv", bytes: file },
      ctx(new Date(now.getTime() - 3_600_000)),
    );
    if (!stale.ok || !fresh.ok) throw new Error("not checked");
    // An applied row from before clearing on apply existed.
    const legacy = await firstOf(
      h.db.select().from(memberImports).where(eq(memberImports.status, "applied")).limit(1),
      "an applied import",
    );
    await h.db.update(memberImports).set({ content: "username\nvanha" }).where(eq(memberImports.id, legacy.id));

    // Past its time, before the sweep: it can be neither shown nor applied.
    const usersBefore = await h.count(users);
    expect(await loadImport(h.db, demoOy, stale.importId, now)).toMatchObject({ expired: true, plan: null });
    expect(await applyImport(h.db, demoOy, { importId: stale.importId, sendActivations: true }, ctx(now))).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(await h.count(users)).toBe(usersBefore);

    const report = await runOutboxJob(h.db, captureTransports(h.db), { budgetMs: 2000, now: () => now });
    expect(report.sweptImports).toEqual({ cleared: 1, deleted: 1 });
    const left = await h.db.select().from(memberImports);
    expect(left.find((i) => i.id === stale.importId)).toBeUndefined();
    expect(left.find((i) => i.id === fresh.importId)).toMatchObject({
      status: "checked",
      content: expect.stringContaining("viides@example.com"),
    });
    expect(left.filter((i) => i.status === "applied").every((i) => i.content === null)).toBe(true);
    expect(left.filter((i) => i.content !== null).every((i) => i.status === "checked" && i.createdAt > old)).toBe(true);
  });
});
