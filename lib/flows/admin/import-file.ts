import { parse } from "csv-parse/sync";
import type { Organization } from "@/lib/db/schema";
import { hasBinaryControlCharacters } from "@/lib/validation/text";

/** A register of 10 000 people is about 1 MB; 4 MB leaves room and stays under Vercel's 4.5 MB request limit. */
export const IMPORT_MAX_BYTES = 4 * 1024 * 1024;
const IMPORT_MAX_ROWS = 20_000;

/**
 * The cells a row can carry. `identifier` is the organisation's sign-in key (the username, or in
 * an organisation of membership numbers the number); `membershipNumber` is the number beside a
 * username, in an organisation of usernames.
 */
export type ImportField = "identifier" | "membershipNumber" | "displayName" | "email" | "phone" | "language";
export type FileProblem = "empty" | "tooLarge" | "notUtf8" | "notCsv" | "noIdentifierColumn" | "noRows" | "tooManyRows";
export type Cells = Partial<Record<ImportField, string>>;

type Header = "username" | "number" | "key" | Exclude<ImportField, "identifier" | "membershipNumber">;

/** Header names as registers write them, in Finnish, Swedish and English, lower-cased. */
const HEADERS: Record<string, Header> = Object.fromEntries(
  (
    [
      ["username", ["username", "user name", "käyttäjätunnus", "kayttajatunnus", "användarnamn"]],
      [
        "number",
        ["membership number", "membership_number", "member number", "jäsennumero", "jasennumero", "medlemsnummer"],
      ],
      // A column that just says "the identifier" is the organisation's own kind.
      ["key", ["tunnus", "identifier"]],
      ["displayName", ["name", "full name", "nimi", "namn"]],
      ["email", ["email", "e-mail", "sähköposti", "sahkoposti", "e-post", "epost"]],
      ["phone", ["phone", "mobile", "puhelin", "puhelinnumero", "matkapuhelin", "telefon", "mobil"]],
      ["language", ["language", "lang", "kieli", "språk", "sprak"]],
    ] as const
  ).flatMap(([field, names]) => names.map((n) => [n, field])),
);

/**
 * What a header means in this organisation. Names mean what they say: in an organisation of
 * usernames the username column is the key and a membership number column is a value of its
 * own; an organisation of membership numbers has no usernames, so a username column is unused.
 */
function fieldOf(header: Header | undefined, kind: Organization["identifierKind"]): ImportField | null {
  if (!header) return null;
  if (header === "key") return "identifier";
  if (header === "username") return kind === "username" ? "identifier" : null;
  if (header === "number") return kind === "membership_number" ? "identifier" : "membershipNumber";
  return header;
}

export type ReadResult =
  | { ok: true; rows: { line: number; cells: Cells }[]; ignoredColumns: string[] }
  | { ok: false; reason: FileProblem; line?: number };

/** Bytes → rows of named cells, or the reason the file is not a register we can read. */
export function readRegister(bytes: Uint8Array, kind: Organization["identifierKind"]): ReadResult {
  if (bytes.byteLength === 0) return { ok: false, reason: "empty" };
  if (bytes.byteLength > IMPORT_MAX_BYTES) return { ok: false, reason: "tooLarge" };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, reason: "notUtf8" };
  }
  // Binary files (a spreadsheet saved as .xlsx, an image) decode badly or carry control bytes.
  if (hasBinaryControlCharacters(text)) return { ok: false, reason: "notCsv" };
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      max_record_size: 10_000,
    });
  } catch (error) {
    return { ok: false, reason: "notCsv", line: (error as { lines?: number }).lines };
  }
  const [header, ...data] = records;
  if (!header) return { ok: false, reason: "empty" };
  const columns = header.map((h) => fieldOf(HEADERS[h.toLowerCase().replace(/\s+/g, " ").trim()], kind));
  if (!columns.includes("identifier")) return { ok: false, reason: "noIdentifierColumn" };
  if (data.length === 0) return { ok: false, reason: "noRows" };
  if (data.length > IMPORT_MAX_ROWS) return { ok: false, reason: "tooManyRows" };
  const ignoredColumns = header.filter((_, i) => columns[i] === null).map((h) => h.slice(0, 50));
  const rows = data.map((record, index) => {
    const cells: Cells = {};
    columns.forEach((field, i) => {
      if (field && cells[field] === undefined) cells[field] = record[i] ?? "";
    });
    return { line: index + 2, cells };
  });
  return { ok: true, rows, ignoredColumns };
}
