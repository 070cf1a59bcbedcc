import type { Language } from "@/lib/i18n/languages";

/** Dates on the admin pages: short, in Finnish time, in the page's language. */
export function formatAdminTime(date: Date | null | undefined, locale: string): string {
  if (!date) return "";
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : (locale as Language), {
    dateStyle: "short",
    timeStyle: "short",
    timeZone: "Europe/Helsinki",
  }).format(date);
}

/** An audit event code ("admin.lock") as a message key ("admin_lock"). */
export const eventKey = (event: string) => event.replace(/\./g, "_");
