import { Text } from "@react-email/components";
import { formatDateTime, messageTranslator } from "../lib/i18n/translate";
import { Layout, textStyle } from "./components/Layout";
import { NewPasswordLinks } from "./components/NewPasswordLinks";
import type { CommonProps } from "./components/types";

export type SignInPausedEmailProps = CommonProps & {
  username: string;
  /** ISO time of the failure that started the pause; written in Finnish time in the recipient's language. */
  attemptedAt: string;
  /** Consecutive failures after which sign-in is locked until a new password. */
  maxFailures: number;
  forgotPasswordUrl: string;
  orderPasswordUrl: string;
};

export const subject = (p: SignInPausedEmailProps) => messageTranslator(p.language)("emails.signInPaused.subject");

/** Sent once, when an account's sign-in pause first starts: what happened, and what to do whoever it was. */
export default function SignInPausedEmail(p: SignInPausedEmailProps) {
  const t = messageTranslator(p.language);
  const when = formatDateTime(p.attemptedAt, p.language);
  return (
    <Layout common={p} preview={t("emails.signInPaused.preview", { username: p.username })}>
      <Text style={textStyle}>{t("emails.signInPaused.intro", { username: p.username, when })}</Text>
      <Text style={textStyle}>{t("emails.signInPaused.ifYou")}</Text>
      <NewPasswordLinks
        links={[
          { label: t("emails.signInPaused.forgotPassword"), url: p.forgotPasswordUrl },
          { label: t("emails.signInPaused.orderPassword"), url: p.orderPasswordUrl },
        ]}
      />
      <Text style={textStyle}>{t("emails.signInPaused.notYou")}</Text>
      <Text style={textStyle}>{t("emails.signInPaused.cap", { max: p.maxFailures })}</Text>
    </Layout>
  );
}

SignInPausedEmail.PreviewProps = {
  language: "fi",
  organizationName: "Demo Oy",
  supportEmail: "tuki@demo-oy.example",
  recipientName: "Maija Meikäläinen",
  username: "maija@123",
  attemptedAt: "2026-11-22T10:15:00Z",
  maxFailures: 100,
  forgotPasswordUrl: "http://localhost:3000/forgot-password",
  orderPasswordUrl: "http://localhost:3000/order-password",
} satisfies SignInPausedEmailProps;
