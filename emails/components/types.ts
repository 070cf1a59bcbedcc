import type { Language } from "../../lib/i18n/languages";

/** What every message carries: who sends it, whom to ask for help, and in which language. */
export type CommonProps = {
  language: Language;
  organizationName: string;
  supportEmail?: string | null;
  supportPhone?: string | null;
  /** The person's name for the greeting; empty when unknown. */
  recipientName?: string | null;
};
