import { Text } from "@react-email/components";
import { messageTranslator, validity } from "../lib/i18n/translate";
import { codeStyle, Layout, textStyle } from "./components/Layout";
import type { CommonProps } from "./components/types";

export type ResetCodeEmailProps = CommonProps & { code: string; expiresInMinutes: number };

export const subject = (p: ResetCodeEmailProps) => messageTranslator(p.language)("emails.resetCode.subject");

export default function ResetCodeEmail(p: ResetCodeEmailProps) {
  const t = messageTranslator(p.language);
  return (
    <Layout common={p} preview={t("emails.resetCode.preview", { code: p.code })}>
      <Text style={textStyle}>{t("emails.resetCode.intro")}</Text>
      <Text style={codeStyle}>{p.code}</Text>
      <Text style={textStyle}>{t("emails.common.codeValidFor", validity(p.expiresInMinutes))}</Text>
      <Text style={textStyle}>{t("emails.resetCode.notYou")}</Text>
    </Layout>
  );
}

ResetCodeEmail.PreviewProps = {
  language: "fi",
  organizationName: "Demo Oy",
  supportEmail: "tuki@demo-oy.example",
  recipientName: "Maija Meikäläinen",
  code: "731204",
  expiresInMinutes: 10,
} satisfies ResetCodeEmailProps;
