import { Body, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { messageTranslator } from "../../lib/i18n/translate";
import type { CommonProps } from "./types";

const styles = {
  body: {
    backgroundColor: "#f8fafc",
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    margin: 0,
  },
  container: {
    backgroundColor: "#ffffff",
    margin: "24px auto",
    maxWidth: "560px",
    padding: "24px",
    border: "1px solid #cbd5e1",
  },
  heading: { color: "#083b68", fontSize: "20px", margin: "0 0 16px" },
  text: { color: "#0f172a", fontSize: "16px", lineHeight: "24px" },
  footer: { color: "#334155", fontSize: "13px", lineHeight: "20px", margin: "4px 0" },
};

export const textStyle = styles.text;
export const buttonStyle = {
  backgroundColor: "#0b4f8a",
  color: "#ffffff",
  padding: "12px 20px",
  borderRadius: "4px",
  fontSize: "16px",
  fontWeight: 600,
  textDecoration: "none",
  display: "inline-block",
};
export const codeStyle = { ...styles.text, fontSize: "28px", fontWeight: 700, letterSpacing: "6px", color: "#083b68" };

/** The frame of every e-mail: the sender organisation, greeting, content, help and footer. */
export function Layout({ common, preview, children }: { common: CommonProps; preview: string; children: ReactNode }) {
  const t = messageTranslator(common.language);
  const contact = [common.supportEmail, common.supportPhone].filter(Boolean).join(", ");
  return (
    <Html lang={common.language}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading as="h1" style={styles.heading}>
            {common.organizationName}
          </Heading>
          <Text style={styles.text}>
            {common.recipientName
              ? t("emails.common.greeting", { name: common.recipientName })
              : t("emails.common.greetingNoName")}
          </Text>
          <Section>{children}</Section>
          <Hr />
          <Text style={styles.footer}>{t("emails.common.sentBy", { organization: common.organizationName })}</Text>
          {contact && <Text style={styles.footer}>{t("emails.common.support", { contact })}</Text>}
          <Text style={styles.footer}>{t("emails.common.automatic")}</Text>
        </Container>
      </Body>
    </Html>
  );
}
