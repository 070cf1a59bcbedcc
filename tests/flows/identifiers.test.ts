import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { backfillUsernameSkeletons } from "@/lib/db/identifier-backfill";
import { migrateDatabase } from "@/lib/db/migrate";
import { oneTimeTokens, outbox, users } from "@/lib/db/schema";
import { activateAccount } from "@/lib/flows/account/activation";
import { planImport } from "@/lib/flows/admin/member-import";
import { createUser } from "@/lib/flows/admin/users";
import { signInWithPassword } from "@/lib/flows/sign-in/login";
import { seededTestDb } from "../helpers/db";
import { loginContext, secretFromUrl, firstOf, messageTo, must } from "../helpers/fixtures";
import { translatedEverywhere } from "../helpers/translations";

const h = seededTestDb();

const ctx = () => ({ now: new Date(), actor: { userId: null }, appOrigin: "https://tunnus.example" });
const counts = () => h.counts({ users, outbox, tokens: oneTimeTokens });
let n = 0;
const create = (licence: string, identifier: string, email = `henkilo${++n}@example.org`) =>
  createUser(h.db, { licence, identifier, email }, ctx());

// U+0430 CYRILLIC SMALL LETTER A; U+0131 LATIN SMALL LETTER DOTLESS I; с, а, р, е below are Cyrillic.
const CYRILLIC_MAIJA = "m\u0430ija";
const DOTLESS_ADMIN = "adm\u0131n";
const CYRILLIC_CAPE = "\u0441\u0430\u0440\u0435";

describe("usernames that look like another", () => {
  it("refuses mаija (Cyrillic а) and admın (dotless ı) next to maija and admin, and a mixed-script name; nothing changes", async () => {
    const before = await counts();
    expect(await create("123", CYRILLIC_MAIJA)).toEqual({ ok: false, errors: { identifier: "mixedScripts" } });
    expect(await create("123", DOTLESS_ADMIN)).toEqual({ ok: false, errors: { identifier: "lookalike" } });
    expect(await create("123", "ADM\u0131N")).toEqual({ ok: false, errors: { identifier: "lookalike" } });
    // Full-width letters are the same name once NFKC-normalised.
    expect(await create("123", "\uff4d\uff41\uff49\uff4a\uff41")).toEqual({
      ok: false,
      errors: { identifier: "duplicate" },
    });
    expect(await create("123", "pekka\u03b1")).toEqual({ ok: false, errors: { identifier: "mixedScripts" } });
    expect(await counts()).toEqual(before);
  });

  it("a name wholly in another script is refused when its skeleton is an existing name's, accepted when not", async () => {
    expect(await create("123", "cape")).toMatchObject({ ok: true });
    expect(await create("123", CYRILLIC_CAPE)).toEqual({ ok: false, errors: { identifier: "lookalike" } });
    // иван: Cyrillic, like no Latin name
    expect(await create("123", "\u0438\u0432\u0430\u043d")).toMatchObject({ ok: true });
    // composed by NFKC
    expect(await create("123", "ma\u0308rta")).toMatchObject({ ok: true, identifier: "m\u00e4rta@123" });
    expect(await create("123", "marta")).toMatchObject({ ok: true }); // ä is not a
    // In another organisation the same skeleton is another person.
    expect(await create("200", "A123")).toMatchObject({ ok: true });
  });

  it("two look-alike creations at once: the unique skeleton index lets exactly one in", async () => {
    const results = await Promise.all([create("123", "cope"), create("123", "\u0441\u043e\u0440\u0435")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, errors: { identifier: "lookalike" } });
    const org = await h.organization("123");
    const rows = await h.db
      .select()
      .from(users)
      .where(and(eq(users.organizationId, org.id), eq(users.usernameSkeleton, "cope")));
    expect(rows).toHaveLength(1);
  });

  it("the register import refuses the same names, against the organisation and within the file", async () => {
    const org = await h.organization("123");
    const csv = [
      "username;email",
      `${CYRILLIC_MAIJA};a@example.org`,
      `${DOTLESS_ADMIN};b@example.org`,
      `${CYRILLIC_CAPE};c@example.org`,
      "coco;d@example.org",
      "\u0441\u043e\u0441\u043e;e@example.org",
      "pirkko;f@example.org",
    ].join("\n");
    const plan = await planImport(h.db, org, new TextEncoder().encode(csv));
    if (!plan.ok) throw new Error(plan.reason);
    const problems = Object.fromEntries(
      plan.rows.map((r) => [r.identifier, r.problems.map((p) => `${p.field}:${p.code}`)]),
    );
    expect(problems).toEqual({
      [CYRILLIC_MAIJA]: ["identifier:mixedScripts"],
      [DOTLESS_ADMIN]: ["identifier:lookalike"],
      [CYRILLIC_CAPE]: ["identifier:lookalike"],
      coco: ["identifier:lookalike"],
      "\u0441\u043e\u0441\u043e": ["identifier:lookalike"],
      pirkko: [],
    });
  });
});

describe("the refusals on the admin pages", () => {
  it("every username problem has its text in fi, sv and en, on the creation form and in the import check", () => {
    for (const code of ["empty", "tooLong", "invalid", "mixedScripts", "duplicate", "lookalike"]) {
      expect(translatedEverywhere(`admin.create.errors.identifier.${code}`), code).toBe(true);
    }
    for (const code of ["mixedScripts", "lookalike", "invalid", "duplicateInFile"])
      expect(translatedEverywhere(`admin.importResult.problem.${code}`), code).toBe(true);
  });
});

describe("membership numbers", () => {
  it("AB123 is created, activated, and signs in as AB123, ab123 and ab123@200; ab123 is then taken", async () => {
    const created = await create("200", "AB123", "ab123@example.org");
    expect(created).toMatchObject({ ok: true, identifier: "AB123" });
    if (!created.ok) throw new Error("unreachable");
    const secret = secretFromUrl((await messageTo(h.db, "ab123@example.org")).props.activationUrl);
    const password = "kymmenen pientä kettua juoksi";
    expect(
      await activateAccount(
        h.db,
        { secret, password, repeat: password },
        { now: new Date(), ip: "198.51.100.40", userAgent: "vitest" },
      ),
    ).toMatchObject({ ok: true });
    for (const identifier of ["AB123", "ab123", "ab123@200", "Ab123@200"]) {
      expect(
        await signInWithPassword(h.db, { identifier, password }, loginContext(new Date(), "198.51.100.41")),
        identifier,
      ).toMatchObject({ ok: true, userId: created.userId });
    }
    expect(await create("200", "ab123", "toinen@example.org")).toEqual({
      ok: false,
      errors: { identifier: "duplicate" },
    });
  });

  it("ASCII letters, digits and hyphens only; the same rule for the number beside a username in an import", async () => {
    for (const bad of ["AB_123", "\u00c5B123", "-12", "1 2"])
      expect(await create("200", bad), bad).toEqual({ ok: false, errors: { identifier: "invalid" } });
    // full-width, NFKC
    expect(await create("200", "\uff21\uff22\uff17")).toMatchObject({ ok: true, identifier: "AB7" });
    const org = await h.organization("123");
    const erik = await firstOf(h.db.select().from(users).where(eq(users.username, "erik")), "erik");
    await h.db.update(users).set({ membershipNumber: "X-77" }).where(eq(users.id, erik.id));
    const plan = async (...rows: string[]) => {
      const result = await planImport(
        h.db,
        org,
        new TextEncoder().encode(["username;membership number;email", ...rows].join("\n")),
      );
      if (!result.ok) throw new Error(result.reason);
      return must(result.rows[0], "the row").problems;
    };
    expect(await plan("erik;x-77;")).toEqual([]); // the same number in another case is erik's own
    expect(await plan("ulla;x-77;ulla@example.org")).toEqual([{ field: "membershipNumber", code: "otherAccount" }]);
    expect(await plan("pirjo;\u00c577;pirjo@example.org")).toEqual([{ field: "membershipNumber", code: "invalid" }]);
    expect(await plan("a1;Q-1;a1@example.org", "a2;q-1;a2@example.org")).toEqual([
      { field: "membershipNumber", code: "duplicateInFile" },
    ]);
  });
});

describe("the skeleton backfill", () => {
  it("fills missing skeletons, leaves a conflicting row's empty and reports it; running again changes nothing", async () => {
    const org = await h.organization("123");
    // The look-alike is a minute younger: the backfill goes by createdAt, and two rows inserted back
    // to back can get the same one (PGlite's clock counts milliseconds), which left the order to the ids.
    const made = new Date(Date.now() - 120_000);
    await h.db
      .insert(users)
      .values({ organizationId: org.id, username: "Liisa", email: "liisa@example.org", createdAt: made });
    await h.db.insert(users).values({
      organizationId: org.id,
      username: "l\u0456\u0456sa", // і: Cyrillic, made before the rule
      email: "liisa2@example.org",
      createdAt: new Date(made.getTime() + 60_000),
    });
    // Rows made before migration 0006 had no skeleton.
    await h.db.update(users).set({ usernameSkeleton: null }).where(eq(users.username, "maija"));
    const first = await backfillUsernameSkeletons(h.db);
    expect(first.filled).toBeGreaterThanOrEqual(2);
    expect(first.conflicts).toEqual([{ licence: "123", username: "l\u0456\u0456sa", skeleton: "liisa" }]);
    const liisa = await firstOf(h.db.select().from(users).where(eq(users.username, "Liisa")), "liisa");
    expect(liisa.usernameSkeleton).toBe("liisa");
    expect((await h.db.select().from(users).where(eq(users.username, "maija")))[0]?.usernameSkeleton).toBe("rnaija");
    const again = await backfillUsernameSkeletons(h.db);
    expect(again).toEqual({ filled: 0, conflicts: first.conflicts });
    // migrateDatabase runs it after the SQL migrations, and reports instead of failing.
    expect(await migrateDatabase(h.handle)).toMatchObject({ skeletons: again });
    const missing = await h.db.select({ username: users.username }).from(users).where(isNull(users.usernameSkeleton));
    expect(missing.filter((u) => u.username !== null).map((u) => u.username)).toEqual(["l\u0456\u0456sa"]);
  });
});
