import { ClientMessages } from "@/app/ui/client-messages";

/** Recovery: its texts and the password policy's. */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["common", "recovery", "passwordPolicy"]}>{children}</ClientMessages>;
}
