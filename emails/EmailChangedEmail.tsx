import { Text } from "@react-email/components";
import { formatDateTime, messageTranslator } from "../lib/i18n/translate";
import { Layout, textStyle } from "./components/Layout";
import type { CommonProps } from "./components/types";

export type EmailChangedEmailProps = CommonProps & {
  username: string;
  /** The new address, partly hidden: the old owner learns that it changed, not where to. */
  newAddressHint: string;
  changedAt: string;
};

export const subject = (p: EmailChangedEmailProps) => messageTranslator(p.language)("emails.emailChanged.subject");

/** Goes to the old address when the person saves a new one, so a takeover does not go unnoticed. */
export default function EmailChangedEmail(p: EmailChangedEmailProps) {
  const t = messageTranslator(p.language);
  const when = formatDateTime(p.changedAt, p.language);
  return (
    <Layout common={p} preview={t("emails.emailChanged.preview", { when })}>
      <Text style={textStyle}>
        {t("emails.emailChanged.intro", { username: p.username, when, address: p.newAddressHint })}
      </Text>
      <Text style={textStyle}>{t("emails.emailChanged.notYou")}</Text>
    </Layout>
  );
}

EmailChangedEmail.PreviewProps = {
  language: "fi",
  organizationName: "Demo Oy",
  supportEmail: "tuki@demo-oy.example",
  recipientName: "Maija Meikäläinen",
  username: "maija@123",
  newAddressHint: "m•••@example.org",
  changedAt: "2026-11-22T10:15:00Z",
} satisfies EmailChangedEmailProps;
