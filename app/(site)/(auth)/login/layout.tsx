import { ClientMessages } from "@/app/ui/client-messages";

/** The sign-in form's texts, and no others: this is the most visited page. */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["common", "login"]}>{children}</ClientMessages>;
}
