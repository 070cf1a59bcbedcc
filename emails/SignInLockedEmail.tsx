import { Text } from "@react-email/components";
import { formatDateTime, messageTranslator } from "../lib/i18n/translate";
import { Layout, textStyle } from "./components/Layout";
import { NewPasswordLinks } from "./components/NewPasswordLinks";
import type { CommonProps } from "./components/types";

export type SignInLockedEmailProps = CommonProps & {
  username: string;
  /** ISO time of the failure that locked sign-in; written in Finnish time in the recipient's language. */
  attemptedAt: string;
  failures: number;
  forgotPasswordUrl: string;
  orderPasswordUrl: string;
};

export const subject = (p: SignInLockedEmailProps) => messageTranslator(p.language)("emails.signInLocked.subject");

/** Sent once, when consecutive failures reach the cap: sign-in stays locked until a new password. */
export default function SignInLockedEmail(p: SignInLockedEmailProps) {
  const t = messageTranslator(p.language);
  const when = formatDateTime(p.attemptedAt, p.language);
  return (
    <Layout common={p} preview={t("emails.signInLocked.preview")}>
      <Text style={textStyle}>
        {t("emails.signInLocked.intro", { username: p.username, failures: p.failures, when })}
      </Text>
      <Text style={textStyle}>{t("emails.signInLocked.action")}</Text>
      <NewPasswordLinks
        links={[
          { label: t("emails.signInLocked.forgotPassword"), url: p.forgotPasswordUrl },
          { label: t("emails.signInLocked.orderPassword"), url: p.orderPasswordUrl },
        ]}
      />
      <Text style={textStyle}>{t("emails.signInLocked.orAdmin")}</Text>
      <Text style={textStyle}>{t("emails.signInLocked.notYou")}</Text>
    </Layout>
  );
}

SignInLockedEmail.PreviewProps = {
  language: "fi",
  organizationName: "Demo Oy",
  supportEmail: "tuki@demo-oy.example",
  recipientName: "Maija Meikäläinen",
  username: "maija@123",
  attemptedAt: "2026-11-23T08:40:00Z",
  failures: 100,
  forgotPasswordUrl: "http://localhost:3000/forgot-password",
  orderPasswordUrl: "http://localhost:3000/order-password",
} satisfies SignInLockedEmailProps;
