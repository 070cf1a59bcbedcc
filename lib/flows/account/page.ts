import type { Db } from "@/lib/db/client";
import type { Organization, User } from "@/lib/db/schema";
import type { Language } from "@/lib/i18n/languages";
import { formatIdentifier } from "@/lib/identity/identifiers";
import { pendingCode } from "@/lib/tokens/tokens";
import { type LinkedAccount, listExternalAccounts } from "@/lib/flows/external/links";
import { signedInRecently } from "@/lib/flows/sign-in/recent-auth";
import {
  type ConnectedService,
  connectedServicesOf,
  type OrganisationService,
  organisationServicesOf,
} from "./services";
import { type DeviceSession, listOwnSessions } from "./sessions";

/** An e-mail address or phone number as /account shows it. */
export type ContactView = {
  current: string | null;
  verified: boolean;
  /** The new address or number a code was sent to and is waiting for; null when none is. */
  pending: string | null;
};

/** Everything /account shows of the signed-in person. */
export type AccountPageView = {
  /** As the person types it at sign-in. */
  identifier: string;
  organizationName: string;
  /** Empty when none was given. */
  displayName: string;
  isAdmin: boolean;
  language: Language;
  minPasswordLength: number;
  /** No sign-in with the password in the last 10 minutes: a change asks for the current password. */
  needsPassword: boolean;
  email: ContactView;
  phone: ContactView;
  /** The signed-in devices, each named by a handle (never its session id), this one marked. */
  sessions: DeviceSession[];
  linked: LinkedAccount[];
  /** The services the person has signed in to with Tunnus, most recently used first. */
  connectedServices: ConnectedService[];
  /** The organisation's services with a front page, used or not: "Siirry palveluun". */
  organisationServices: OrganisationService[];
};

/**
 * /account for the person the guard found signed in (`sessionId` is their session): their details,
 * the codes waiting, whether a change needs the password again, their devices, outside accounts and
 * the organisation's services (those they have signed in to, and those they can go to).
 */
export async function loadAccountPage(
  db: Db,
  signedIn: { user: User; organization: Organization; sessionId: string },
  now: Date,
): Promise<AccountPageView> {
  const { user, organization, sessionId } = signedIn;
  const [recent, pendingEmail, pendingPhone, sessions, linked, connectedServices, organisationServices] =
    await Promise.all([
      signedInRecently(db, sessionId, now),
      pendingCode(db, user.id, "email_change", now),
      pendingCode(db, user.id, "phone_change", now),
      listOwnSessions(db, { userId: user.id, currentSessionId: sessionId }, now),
      listExternalAccounts(db, user.id),
      connectedServicesOf(db, user.id),
      organisationServicesOf(db, organization.id),
    ]);
  return {
    identifier: formatIdentifier(user, organization),
    organizationName: organization.name,
    displayName: user.displayName,
    isAdmin: user.role === "admin",
    language: user.language,
    minPasswordLength: organization.minPasswordLength,
    needsPassword: !recent,
    email: { current: user.email, verified: Boolean(user.emailVerifiedAt), pending: pendingEmail?.target ?? null },
    phone: { current: user.phone, verified: Boolean(user.phoneVerifiedAt), pending: pendingPhone?.target ?? null },
    sessions,
    linked,
    connectedServices,
    organisationServices,
  };
}
