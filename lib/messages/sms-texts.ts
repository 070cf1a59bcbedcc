import type { Language } from "@/lib/i18n/languages";
import { messageTranslator } from "@/lib/i18n/translate";

type SmsCommon = { language: Language; organizationName: string };
export type SmsProps = {
  VerificationCodeSms: SmsCommon & { code: string; expiresInMinutes: number };
  ResetCodeSms: SmsCommon & { code: string; expiresInMinutes: number };
  UsernameReminderSms: SmsCommon & { identifiers: string[] };
};
export type SmsTemplate = keyof SmsProps;

/** Short texts: one SMS segment (160 GSM-7 characters; ä, ö and å are in that alphabet). */
export const smsTexts: { [K in SmsTemplate]: (p: SmsProps[K]) => string } = {
  VerificationCodeSms: (p) =>
    messageTranslator(p.language)("sms.verificationCode", {
      code: p.code,
      minutes: p.expiresInMinutes,
      organization: p.organizationName,
    }),
  ResetCodeSms: (p) =>
    messageTranslator(p.language)("sms.resetCode", {
      code: p.code,
      minutes: p.expiresInMinutes,
      organization: p.organizationName,
    }),
  UsernameReminderSms: (p) =>
    messageTranslator(p.language)("sms.usernameReminder", {
      usernames: p.identifiers.join(", "),
      organization: p.organizationName,
    }),
};

// The GSM 03.38 basic set: a text made of these alone fits 160 characters in one segment.
const GSM7 =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/** How many SMS segments a text takes (GSM-7 when it can, else UCS-2). */
export function smsSegments(text: string): number {
  const gsm = [...text].every((c) => GSM7.includes(c));
  const length = [...text].length;
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  return length <= single ? 1 : Math.ceil(length / multi);
}
