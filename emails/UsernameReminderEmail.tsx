import { Link, Text } from "@react-email/components";
import { messageTranslator } from "../lib/i18n/translate";
import { Layout, textStyle } from "./components/Layout";
import type { CommonProps } from "./components/types";

export type UsernameReminderEmailProps = CommonProps & {
  accounts: { identifier: string; organizationName: string }[];
  loginUrl: string;
};

export const subject = (p: UsernameReminderEmailProps) =>
  messageTranslator(p.language)("emails.usernameReminder.subject");

export default function UsernameReminderEmail(p: UsernameReminderEmailProps) {
  const t = messageTranslator(p.language);
  return (
    <Layout common={p} preview={t("emails.usernameReminder.preview")}>
      <Text style={textStyle}>{t("emails.usernameReminder.intro")}</Text>
      <ul>
        {p.accounts.map((a) => (
          <li key={a.identifier} style={textStyle}>
            {t("emails.usernameReminder.entry", { identifier: a.identifier, organization: a.organizationName })}
          </li>
        ))}
      </ul>
      <Text style={textStyle}>
        <Link href={p.loginUrl}>{t("emails.usernameReminder.signIn")}</Link>
      </Text>
      <Text style={textStyle}>{t("emails.common.notYou")}</Text>
    </Layout>
  );
}

UsernameReminderEmail.PreviewProps = {
  language: "fi",
  organizationName: "Demo Oy",
  supportEmail: "tuki@demo-oy.example",
  recipientName: "Maija Meikäläinen",
  accounts: [{ identifier: "maija@123", organizationName: "Demo Oy" }],
  loginUrl: "http://localhost:3000/login",
} satisfies UsernameReminderEmailProps;
