import { createTranslator } from "use-intl/core";
import en from "./en.json";
import fi from "./fi.json";
import type { Language } from "./languages";
import sv from "./sv.json";

const catalogues = { fi, sv, en } as const;

function translatorFor(language: Language) {
  return createTranslator({ locale: language, messages: catalogues[language] });
}

export type MessageTranslator = ReturnType<typeof translatorFor>;
const translators = new Map<Language, MessageTranslator>();

/**
 * Messages are rendered outside any request (in the outbox worker): one translator per language,
 * kept, so each ICU message is parsed once rather than at every render.
 */
export function messageTranslator(language: Language): MessageTranslator {
  let t = translators.get(language);
  if (!t) translators.set(language, (t = translatorFor(language)));
  return t;
}

/** A validity as the largest whole unit: 10080 min → 7 days, 60 → 1 hour, 10 → 10 minutes. */
export function validity(minutes: number): { unit: "days" | "hours" | "minutes"; count: number } {
  if (minutes % 1440 === 0) return { unit: "days", count: minutes / 1440 };
  if (minutes % 60 === 0) return { unit: "hours", count: minutes / 60 };
  return { unit: "minutes", count: minutes };
}

/** Dates in messages are in Finnish time, written the way the recipient's language writes them. */
export function formatDateTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : language, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "Europe/Helsinki",
  }).format(new Date(iso));
}
