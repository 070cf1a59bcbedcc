import { Text } from "@react-email/components";
import { messageTranslator } from "../lib/i18n/translate";
import { Layout, textStyle } from "./components/Layout";
import { LinkBlock } from "./components/LinkBlock";
import type { CommonProps } from "./components/types";

export type ActivationEmailProps = CommonProps & {
  /** As the person will type it: `maija@123` or a membership number. */
  username: string;
  activationUrl: string;
  expiresInMinutes: number;
};

export const subject = (p: ActivationEmailProps) =>
  messageTranslator(p.language)("emails.activation.subject", { organization: p.organizationName });

export default function ActivationEmail(p: ActivationEmailProps) {
  const t = messageTranslator(p.language);
  return (
    <Layout common={p} preview={t("emails.activation.preview", { username: p.username })}>
      <Text style={textStyle}>{t("emails.activation.intro", { organization: p.organizationName })}</Text>
      <Text style={textStyle}>
        {t("emails.activation.username")} <strong>{p.username}</strong>
      </Text>
      <LinkBlock
        t={t}
        url={p.activationUrl}
        label={t("emails.activation.action")}
        expiresInMinutes={p.expiresInMinutes}
      />
      <Text style={textStyle}>{t("emails.activation.expired")}</Text>
    </Layout>
  );
}

ActivationEmail.PreviewProps = {
  language: "fi",
  organizationName: "Demo Oy",
  supportEmail: "tuki@demo-oy.example",
  recipientName: "Maija Meikäläinen",
  username: "maija@123",
  activationUrl: "http://localhost:3000/activate/preview-token",
  expiresInMinutes: 7 * 24 * 60,
} satisfies ActivationEmailProps;
