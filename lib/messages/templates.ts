import { render, toPlainText } from "@react-email/render";
import { createElement, type ReactElement } from "react";
import ActivationEmail, { type ActivationEmailProps, subject as activationSubject } from "@/emails/ActivationEmail";
import CodeRecoveryPausedEmail, {
  type CodeRecoveryPausedEmailProps,
  subject as codeRecoveryPausedSubject,
} from "@/emails/CodeRecoveryPausedEmail";
import EmailChangedEmail, {
  type EmailChangedEmailProps,
  subject as emailChangedSubject,
} from "@/emails/EmailChangedEmail";
import PasswordChangedEmail, {
  type PasswordChangedEmailProps,
  subject as passwordChangedSubject,
} from "@/emails/PasswordChangedEmail";
import ResetCodeEmail, { type ResetCodeEmailProps, subject as resetCodeSubject } from "@/emails/ResetCodeEmail";
import ResetLinkEmail, { type ResetLinkEmailProps, subject as resetLinkSubject } from "@/emails/ResetLinkEmail";
import SignInLockedEmail, {
  type SignInLockedEmailProps,
  subject as signInLockedSubject,
} from "@/emails/SignInLockedEmail";
import SignInPausedEmail, {
  type SignInPausedEmailProps,
  subject as signInPausedSubject,
} from "@/emails/SignInPausedEmail";
import UsernameReminderEmail, {
  type UsernameReminderEmailProps,
  subject as usernameReminderSubject,
} from "@/emails/UsernameReminderEmail";
import VerificationCodeEmail, {
  type VerificationCodeEmailProps,
  subject as verificationCodeSubject,
} from "@/emails/VerificationCodeEmail";
import { type SmsProps, type SmsTemplate, smsTexts } from "./sms-texts";

export type EmailProps = {
  ActivationEmail: ActivationEmailProps;
  VerificationCodeEmail: VerificationCodeEmailProps;
  ResetCodeEmail: ResetCodeEmailProps;
  ResetLinkEmail: ResetLinkEmailProps;
  UsernameReminderEmail: UsernameReminderEmailProps;
  PasswordChangedEmail: PasswordChangedEmailProps;
  EmailChangedEmail: EmailChangedEmailProps;
  SignInPausedEmail: SignInPausedEmailProps;
  SignInLockedEmail: SignInLockedEmailProps;
  CodeRecoveryPausedEmail: CodeRecoveryPausedEmailProps;
};
export type EmailTemplate = keyof EmailProps;
export type { SmsProps, SmsTemplate };

const SCRUBBED = "[removed after sending]";

type EmailEntry<K extends EmailTemplate> = {
  component: (p: EmailProps[K]) => ReactElement;
  subject: (p: EmailProps[K]) => string;
  /** The props with every link and code replaced: what may stay in the database once sent. */
  scrub: (p: EmailProps[K]) => EmailProps[K];
};

const emailTemplates: { [K in EmailTemplate]: EmailEntry<K> } = {
  ActivationEmail: {
    component: ActivationEmail,
    subject: activationSubject,
    scrub: (p) => ({ ...p, activationUrl: SCRUBBED }),
  },
  VerificationCodeEmail: {
    component: VerificationCodeEmail,
    subject: verificationCodeSubject,
    scrub: (p) => ({ ...p, code: SCRUBBED }),
  },
  ResetCodeEmail: { component: ResetCodeEmail, subject: resetCodeSubject, scrub: (p) => ({ ...p, code: SCRUBBED }) },
  ResetLinkEmail: {
    component: ResetLinkEmail,
    subject: resetLinkSubject,
    scrub: (p) => ({ ...p, accounts: p.accounts.map((a) => ({ ...a, url: SCRUBBED })) }),
  },
  UsernameReminderEmail: { component: UsernameReminderEmail, subject: usernameReminderSubject, scrub: (p) => p },
  PasswordChangedEmail: { component: PasswordChangedEmail, subject: passwordChangedSubject, scrub: (p) => p },
  EmailChangedEmail: { component: EmailChangedEmail, subject: emailChangedSubject, scrub: (p) => p },
  SignInPausedEmail: { component: SignInPausedEmail, subject: signInPausedSubject, scrub: (p) => p },
  SignInLockedEmail: { component: SignInLockedEmail, subject: signInLockedSubject, scrub: (p) => p },
  CodeRecoveryPausedEmail: { component: CodeRecoveryPausedEmail, subject: codeRecoveryPausedSubject, scrub: (p) => p },
};

const smsScrub: { [K in SmsTemplate]: (p: SmsProps[K]) => SmsProps[K] } = {
  VerificationCodeSms: (p) => ({ ...p, code: SCRUBBED }),
  ResetCodeSms: (p) => ({ ...p, code: SCRUBBED }),
  UsernameReminderSms: (p) => p,
};

export const isEmailTemplate = (name: string): name is EmailTemplate => name in emailTemplates;
export const isSmsTemplate = (name: string): name is SmsTemplate => name in smsTexts;

export type RenderedEmail = { subject: string; html: string; text: string };

export async function renderEmail<K extends EmailTemplate>(template: K, props: EmailProps[K]): Promise<RenderedEmail> {
  const entry = emailTemplates[template] as EmailEntry<K>;
  const element = createElement(entry.component as (p: EmailProps[K]) => ReactElement, props);
  // One render; the text part is made from its HTML (what render's plainText option does too).
  const html = await render(element);
  const text = toPlainText(html);
  return { subject: entry.subject(props), html, text };
}

export function renderSms<K extends SmsTemplate>(template: K, props: SmsProps[K]): string {
  return (smsTexts[template] as (p: SmsProps[K]) => string)(props);
}

export function scrubProps(template: string, props: Record<string, unknown>): Record<string, unknown> {
  if (isEmailTemplate(template))
    return (emailTemplates[template].scrub as (p: unknown) => Record<string, unknown>)(props);
  if (isSmsTemplate(template)) return (smsScrub[template] as (p: unknown) => Record<string, unknown>)(props);
  return {};
}
