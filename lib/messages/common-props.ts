import type { CommonProps } from "@/emails/components/types";
import type { Organization, User } from "@/lib/db/schema";

/** The sender, help contact and language every message to this person carries. */
export function commonProps(
  org: Pick<Organization, "name" | "supportEmail" | "supportPhone">,
  user: Pick<User, "displayName" | "language">,
): CommonProps {
  return {
    language: user.language,
    organizationName: org.name,
    supportEmail: org.supportEmail,
    supportPhone: org.supportPhone,
    recipientName: user.displayName || null,
  };
}
