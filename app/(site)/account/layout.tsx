import { ClientMessages } from "@/app/ui/client-messages";

/** My account: its texts, the e-mail and phone change, the password policy, the services list. */
export default function Layout({ children }: { children: React.ReactNode }) {
  return (
    <ClientMessages namespaces={["common", "account", "contact", "passwordPolicy", "accountServices"]}>
      {children}
    </ClientMessages>
  );
}
