import { Text } from "@react-email/components";
import { messageTranslator, validity } from "../lib/i18n/translate";
import { codeStyle, Layout, textStyle } from "./components/Layout";
import type { CommonProps } from "./components/types";

export type VerificationCodeEmailProps = CommonProps & { code: string; expiresInMinutes: number };

export const subject = (p: VerificationCodeEmailProps) =>
  messageTranslator(p.language)("emails.verificationCode.subject");

export default function VerificationCodeEmail(p: VerificationCodeEmailProps) {
  const t = messageTranslator(p.language);
  return (
    <Layout common={p} preview={t("emails.verificationCode.preview", { code: p.code })}>
      <Text style={textStyle}>{t("emails.verificationCode.intro")}</Text>
      <Text style={codeStyle}>{p.code}</Text>
      <Text style={textStyle}>{t("emails.common.codeValidFor", validity(p.expiresInMinutes))}</Text>
      <Text style={textStyle}>{t("emails.common.notYou")}</Text>
    </Layout>
  );
}

VerificationCodeEmail.PreviewProps = {
  language: "fi",
  organizationName: "Demo Oy",
  supportEmail: "tuki@demo-oy.example",
  recipientName: "Maija Meikäläinen",
  code: "482913",
  expiresInMinutes: 10,
} satisfies VerificationCodeEmailProps;
