import { Button, Link, Text } from "@react-email/components";
import { type MessageTranslator, validity } from "../../lib/i18n/translate";
import { buttonStyle, textStyle } from "./Layout";

/** A button, its validity, and the address written out for mail clients that break buttons. */
export function LinkBlock({
  t,
  url,
  label,
  expiresInMinutes,
}: {
  t: MessageTranslator;
  url: string;
  label: string;
  expiresInMinutes: number;
}) {
  return (
    <>
      <Button href={url} style={buttonStyle}>
        {label}
      </Button>
      <Text style={textStyle}>{t("emails.common.validFor", validity(expiresInMinutes))}</Text>
      <Text style={textStyle}>{t("emails.common.copyLink")}</Text>
      <Text style={{ ...textStyle, wordBreak: "break-all" }}>
        <Link href={url}>{url}</Link>
      </Text>
    </>
  );
}
