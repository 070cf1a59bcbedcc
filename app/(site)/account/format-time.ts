/** A time on /account as the page's language writes it, in Finnish time: "3.12.2026 klo 19.05". */
export const formatTime = (date: Date, locale: string) =>
  new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Europe/Helsinki",
  }).format(date);
