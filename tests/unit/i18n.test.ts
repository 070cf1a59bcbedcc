import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage } from "@/lib/i18n/config";
import en from "@/lib/i18n/en.json";
import fi from "@/lib/i18n/fi.json";
import sv from "@/lib/i18n/sv.json";

function keys(obj: object, prefix = ""): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === "object" && v ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe("message files", () => {
  it("fi, sv and en have exactly the same keys, none empty", () => {
    expect(keys(sv).sort()).toEqual(keys(fi).sort());
    expect(keys(en).sort()).toEqual(keys(fi).sort());
    for (const messages of [fi, sv, en]) {
      const values = keys(messages).map((k) =>
        k.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], messages),
      );
      expect(values.every((v) => typeof v === "string" && v.trim().length > 0)).toBe(true);
    }
  });

  it("keeps the Finnish wording users know from the help pages", () => {
    expect(fi.login.title).toBe("Kirjaudu sisään");
    expect(fi.login.identifierLabel).toBe("Käyttäjätunnus");
    expect(fi.login.forgotPassword).toBe("Unohtuiko salasana?");
    expect(fi.login.forgotUsername).toBe("Unohtuiko käyttäjätunnus?");
    expect(fi.login.orderPassword).toBe("Tilaa uusi salasana tästä");
  });
});

describe("Accept-Language", () => {
  it("picks the best supported language by q-value", () => {
    expect(localeFromAcceptLanguage("sv-FI,sv;q=0.9,en;q=0.8")).toBe("sv");
    expect(localeFromAcceptLanguage("de-DE,en;q=0.5,fi;q=0.7")).toBe("fi");
    expect(localeFromAcceptLanguage("de,fr")).toBeUndefined();
    expect(localeFromAcceptLanguage("nb-NO")).toBe("sv");
    expect(localeFromAcceptLanguage("")).toBeUndefined();
  });
});
