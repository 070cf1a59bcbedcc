import { describe, expect, it } from "vitest";
import { isSixDigitCode } from "@/lib/validation/code";
import { isLicence } from "@/lib/validation/licence";
import {
  hasBinaryControlCharacters,
  hasControlCharacters,
  hasControlOrInvisibleCharacters,
  hasControlOrLayoutCharacters,
  withoutAsciiControls,
  withoutControlCharacters,
} from "@/lib/validation/text";

const C0 = ["\u0000", "\u0007", "\t", "\n", "\r", "\u001b", "\u001f"];
const DEL = "\u007f";
const C1 = ["\u0080", "\u0085", "\u009f"];
const LAYOUT = ["\u200b", "\u200d", "\u200e", "\u200f", "\u2028", "\u2029", "\u202a", "\u202e"];
const INVISIBLE_ONLY = ["\u2060", "\u2063", "\u2064", "\ufeff"];
const PLAIN = ["Maija Meikäläinen", "Åsa Öst", "O'Brien-Smith", "李小龍", "\u00a0", "\u2030", "\u205f"];

describe("the character sets of lib/validation/text.ts", () => {
  it("control characters: C0, DEL and C1, nothing else", () => {
    for (const c of [...C0, DEL, ...C1]) expect(hasControlCharacters(`a${c}b`)).toBe(true);
    for (const t of [...PLAIN, ...LAYOUT, ...INVISIBLE_ONLY]) expect(hasControlCharacters(t)).toBe(false);
  });

  it("a display name's set adds the zero-width, direction and separator characters", () => {
    for (const c of [...C0, DEL, ...C1, ...LAYOUT]) expect(hasControlOrLayoutCharacters(`a${c}b`)).toBe(true);
    for (const t of [...PLAIN, ...INVISIBLE_ONLY]) expect(hasControlOrLayoutCharacters(t)).toBe(false);
  });

  it("an identifier's set adds the word joiner, the invisible operators and the byte order mark", () => {
    for (const c of [...C0, DEL, ...C1, ...LAYOUT, ...INVISIBLE_ONLY])
      expect(hasControlOrInvisibleCharacters(`a${c}b`)).toBe(true);
    for (const t of PLAIN) expect(hasControlOrInvisibleCharacters(t)).toBe(false);
  });

  it("a binary file's controls leave out a text file's white space", () => {
    for (const c of ["\u0000", "\u0008", "\u000e", "\u001b", "\u001f"])
      expect(hasBinaryControlCharacters(c)).toBe(true);
    for (const c of ["\t", "\n", "\u000b", "\f", "\r", DEL, ...C1, "a;b,c"])
      expect(hasBinaryControlCharacters(c)).toBe(false);
  });

  it("removes every control character, or C0 and DEL only", () => {
    const text = `a\u0000b\tc\u007fd\u0085e\u009ff\u200bg`;
    expect(withoutControlCharacters(text)).toBe("abcdef\u200bg");
    expect(withoutAsciiControls(text)).toBe("abcd\u0085e\u009ff\u200bg");
    expect(withoutAsciiControls("")).toBe("");
  });
});

describe("codes and licence numbers", () => {
  it("a code is six ASCII digits", () => {
    for (const ok of ["000000", "123456", "999999"]) expect(isSixDigitCode(ok)).toBe(true);
    for (const bad of ["", "12345", "1234567", "12345a", " 123456", "123 456", "١٢٣٤٥٦", "１２３４５６"])
      expect(isSixDigitCode(bad)).toBe(false);
  });

  it("a licence number is 1–32 ASCII letters, digits and dashes, not starting with a dash", () => {
    for (const ok of ["123", "a", "Demo-Liitto", "x".repeat(32), "1-"]) expect(isLicence(ok)).toBe(true);
    for (const bad of ["", "-12", "x".repeat(33), "12 3", "ä12", "12@3", "12_3"]) expect(isLicence(bad)).toBe(false);
  });
});
