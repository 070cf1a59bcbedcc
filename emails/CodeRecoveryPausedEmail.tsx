import { Button, Text } from "@react-email/components";
import { messageTranslator } from "../lib/i18n/translate";
import { buttonStyle, Layout, textStyle } from "./components/Layout";
import type { CommonProps } from "./components/types";

export type CodeRecoveryPausedEmailProps = CommonProps & {
  username: string;
  /** Wrong codes in a row that paused it. */
  count: number;
  /** "Tilaa uusi salasana", when that page serves this account; else only the administrator can help. */
  orderUrl: string | null;
};

export const subject = (p: CodeRecoveryPausedEmailProps) =>
  messageTranslator(p.language)("emails.codeRecoveryPaused.subject");

/** To the verified address, once, when wrong reset codes pause recovery by code: how to get back in. */
export default function CodeRecoveryPausedEmail(p: CodeRecoveryPausedEmailProps) {
  const t = messageTranslator(p.language);
  return (
    <Layout common={p} preview={t("emails.codeRecoveryPaused.preview")}>
      <Text style={textStyle}>{t("emails.codeRecoveryPaused.intro", { username: p.username, count: p.count })}</Text>
      {p.orderUrl ? (
        <>
          <Text style={textStyle}>{t("emails.codeRecoveryPaused.orderLink")}</Text>
          <Button href={p.orderUrl} style={buttonStyle}>
            {t("emails.codeRecoveryPaused.orderAction")}
          </Button>
          <Text style={{ ...textStyle, wordBreak: "break-all" }}>{p.orderUrl}</Text>
          <Text style={textStyle}>{t("emails.codeRecoveryPaused.askAdmin")}</Text>
        </>
      ) : (
        <Text style={textStyle}>{t("emails.codeRecoveryPaused.askAdminOnly")}</Text>
      )}
      <Text style={textStyle}>{t("emails.codeRecoveryPaused.notYou")}</Text>
    </Layout>
  );
}

CodeRecoveryPausedEmail.PreviewProps = {
  language: "fi",
  organizationName: "Demo Oy",
  supportEmail: "tuki@demo-oy.example",
  recipientName: "Maija Meikäläinen",
  username: "maija@123",
  count: 20,
  orderUrl: "http://localhost:3000/order-password",
} satisfies CodeRecoveryPausedEmailProps;
