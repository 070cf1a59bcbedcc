import { Text } from "@react-email/components";
import { messageTranslator } from "../lib/i18n/translate";
import { Layout, textStyle } from "./components/Layout";
import { LinkBlock } from "./components/LinkBlock";
import type { CommonProps } from "./components/types";

export type ResetLinkEmailProps = CommonProps & {
  /** One entry per account on this address, each with its own single-use link. */
  accounts: { identifier: string; url: string }[];
  expiresInMinutes: number;
};

export const subject = (p: ResetLinkEmailProps) =>
  messageTranslator(p.language)("emails.resetLink.subject", { organization: p.organizationName });

export default function ResetLinkEmail(p: ResetLinkEmailProps) {
  const t = messageTranslator(p.language);
  const many = p.accounts.length > 1;
  return (
    <Layout common={p} preview={t("emails.resetLink.preview")}>
      <Text style={textStyle}>{t(many ? "emails.resetLink.introMany" : "emails.resetLink.intro")}</Text>
      {p.accounts.map((a) => (
        <div key={a.identifier}>
          <Text style={textStyle}>
            <strong>{t("emails.resetLink.identifier", { identifier: a.identifier })}</strong>
          </Text>
          <LinkBlock
            t={t}
            url={a.url}
            label={many ? t("emails.resetLink.actionFor", { identifier: a.identifier }) : t("emails.resetLink.action")}
            expiresInMinutes={p.expiresInMinutes}
          />
        </div>
      ))}
      <Text style={textStyle}>{t("emails.resetLink.notYou")}</Text>
    </Layout>
  );
}

ResetLinkEmail.PreviewProps = {
  language: "fi",
  organizationName: "Demo-liitto ry",
  supportEmail: "jasenasiat@demo-liitto.example",
  recipientName: "Jaana Jäsen",
  accounts: [{ identifier: "10001", url: "http://localhost:3000/reset-password/preview-token" }],
  expiresInMinutes: 60,
} satisfies ResetLinkEmailProps;
