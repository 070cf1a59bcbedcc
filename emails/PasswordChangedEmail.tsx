import { Text } from "@react-email/components";
import { formatDateTime, messageTranslator } from "../lib/i18n/translate";
import { Layout, textStyle } from "./components/Layout";
import type { CommonProps } from "./components/types";

export type PasswordChangedEmailProps = CommonProps & {
  username: string;
  /** ISO time of the change; written in Finnish time in the recipient's language. */
  changedAt: string;
};

export const subject = (p: PasswordChangedEmailProps) =>
  messageTranslator(p.language)("emails.passwordChanged.subject");

export default function PasswordChangedEmail(p: PasswordChangedEmailProps) {
  const t = messageTranslator(p.language);
  const when = formatDateTime(p.changedAt, p.language);
  return (
    <Layout common={p} preview={t("emails.passwordChanged.preview", { when })}>
      <Text style={textStyle}>{t("emails.passwordChanged.intro", { username: p.username, when })}</Text>
      <Text style={textStyle}>{t("emails.passwordChanged.notYou")}</Text>
    </Layout>
  );
}

PasswordChangedEmail.PreviewProps = {
  language: "fi",
  organizationName: "Demo Oy",
  supportEmail: "tuki@demo-oy.example",
  recipientName: "Maija Meikäläinen",
  username: "maija@123",
  changedAt: "2026-11-22T10:15:00Z",
} satisfies PasswordChangedEmailProps;
