import { getTranslations } from "next-intl/server";
import { Notice } from "@/app/ui/notice";
import { ConfirmCodeForm } from "./confirm-code-form";
import type { ContactState } from "./contact-state";
import { RequestCodeForm } from "./request-code-form";

type Props = {
  channel: "email" | "phone";
  current: string | null;
  verified: boolean;
  pendingTarget: string | null;
  saved: boolean;
  hidden: Record<string, string>;
  actions: {
    request: (state: ContactState, formData: FormData) => Promise<ContactState>;
    confirm: (state: ContactState, formData: FormData) => Promise<ContactState>;
    cancel: (formData: FormData) => Promise<void>;
  };
  needsPassword?: boolean;
  /** Below the change form: the account page's "remove the phone number". */
  children?: React.ReactNode;
};

/**
 * The e-mail or phone of an account: shown with its state, and changed only through a code sent
 * to the new one.
 */
export async function ContactSection({
  channel,
  current,
  verified,
  pendingTarget,
  saved,
  hidden,
  actions,
  needsPassword,
  children,
}: Props) {
  const t = await getTranslations("contact");
  const toggle = channel === "email" ? t("changeEmail") : current ? t("changePhone") : t("addPhone");
  return (
    <section id={channel} aria-labelledby={`${channel}-heading`} className="mb-8 scroll-mt-4">
      <h2 id={`${channel}-heading`} className="mb-1 text-xl font-semibold">
        {t(channel === "email" ? "emailHeading" : "phoneHeading")}
      </h2>
      <p className="mb-3 text-slate-700">{t(channel === "email" ? "emailIntro" : "phoneIntro")}</p>
      {saved && <Notice>{t(channel === "email" ? "emailSaved" : "phoneSaved")}</Notice>}
      <p className="mb-2">
        <span className="font-semibold">{t("current")}: </span>
        {current ? (
          <>
            <span className="break-all">{current}</span> ({verified ? t("verified") : t("notVerified")})
          </>
        ) : (
          t("none")
        )}
      </p>
      {pendingTarget ? (
        <ConfirmCodeForm
          channel={channel}
          target={pendingTarget}
          confirm={actions.confirm}
          cancel={actions.cancel}
          hidden={hidden}
        />
      ) : (
        <RequestCodeForm
          channel={channel}
          toggleLabel={toggle}
          action={actions.request}
          hidden={hidden}
          needsPassword={needsPassword}
        />
      )}
      {children}
    </section>
  );
}
