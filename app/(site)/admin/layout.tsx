import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { AdminNav } from "./admin-nav";
import { adminScope } from "./scope";

/** Every /admin page: administrators only (others get "not found"), with the section's navigation. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await adminScope();
  const [t, messages] = await Promise.all([getTranslations("admin.nav"), getMessages()]);
  return (
    <>
      <nav aria-label={t("label")} className="mb-6 border-b border-slate-300 pb-3">
        <AdminNav
          labels={{
            users: t("users"),
            create: t("create"),
            import: t("import"),
            services: t("services"),
            audit: t("audit"),
          }}
        />
      </nav>
      {/* The admin forms' texts reach the browser only on admin pages. */}
      <NextIntlClientProvider
        messages={{ common: messages.common, passwordPolicy: messages.passwordPolicy, admin: messages.admin }}
      >
        {children}
      </NextIntlClientProvider>
    </>
  );
}
