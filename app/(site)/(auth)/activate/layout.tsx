import { ClientMessages } from "@/app/ui/client-messages";

/** Activation: its own texts, the e-mail and phone change, the password policy. */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["common", "activate", "contact", "passwordPolicy"]}>{children}</ClientMessages>;
}
