import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/lib/db/schema";
import { chooseLanguage } from "@/lib/flows/account/language";
import { seededTestDb } from "../helpers/db";
import { userByEmail } from "../helpers/fixtures";

const h = seededTestDb();

describe("the language switch", () => {
  it("saves a signed-in person's choice, at the flow's time", async () => {
    const maija = await userByEmail(h.db, "maija@example.com");
    const now = new Date("2026-11-22T10:00:00Z");
    expect(await chooseLanguage(h.db, { userId: maija.id, language: "sv" }, { now })).toEqual({
      ok: true,
      language: "sv",
    });
    const [saved] = await h.db.select().from(users).where(eq(users.id, maija.id));
    expect(saved).toMatchObject({ language: "sv", updatedAt: now });
  });

  it("gives anyone a supported language without saving anything", async () => {
    const before = await h.db.select({ id: users.id, language: users.language }).from(users);
    expect(await chooseLanguage(h.db, { userId: null, language: "en" }, { now: new Date() })).toEqual({
      ok: true,
      language: "en",
    });
    expect(await h.db.select({ id: users.id, language: users.language }).from(users)).toEqual(before);
  });

  it("refuses anything else and leaves the saved language alone", async () => {
    const erik = await userByEmail(h.db, "erik@example.com");
    for (const language of ["de", "", "FI", null, ["fi"]]) {
      expect(await chooseLanguage(h.db, { userId: erik.id, language }, { now: new Date() })).toEqual({
        ok: false,
        reason: "unsupported",
      });
    }
    expect((await userByEmail(h.db, "erik@example.com")).language).toBe(erik.language);
  });
});
