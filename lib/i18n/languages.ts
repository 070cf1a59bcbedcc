/**
 * The service's languages: its pages, every message it sends, and each person's saved choice
 * (the `language` column's values). Finnish first: the default.
 */
export const languages = ["fi", "sv", "en"] as const;
export type Language = (typeof languages)[number];

export const isLanguage = (v: unknown): v is Language =>
  typeof v === "string" && (languages as readonly string[]).includes(v);
