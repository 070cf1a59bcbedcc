import en from "@/lib/i18n/en.json";
import fi from "@/lib/i18n/fi.json";
import sv from "@/lib/i18n/sv.json";

const files = { fi, sv, en };

/** The text a message key stands for in one language, or undefined when the key is missing. */
export function messageIn(language: keyof typeof files, key: string): string | undefined {
  const value = key
    .split(".")
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], files[language]);
  return typeof value === "string" ? value : undefined;
}

/** The key has a non-empty text in fi, sv and en: what a person sees is never a bare key. */
export function translatedEverywhere(key: string): boolean {
  return (["fi", "sv", "en"] as const).every((language) => (messageIn(language, key)?.trim().length ?? 0) > 0);
}
