/**
 * `npm run admin -- <command> [options]`: the operator's CLI, over the same functions as the
 * administration pages. Works against DATABASE_URL, or in development against the embedded
 * database (shared with `npm run dev` while it runs).
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { and, eq } from "drizzle-orm";
import { identifierKey } from "@/lib/identity/rules";
import { connectConfigured, type Db } from "@/lib/db/client";
import { organizations, users } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit";
import { appOrigin } from "@/lib/env";
import { resendFailedMessage, retryFailedMessages } from "@/lib/flows/admin/messages";
import { createOrganization, listOrganizations, setPairwiseSubjects } from "@/lib/flows/admin/organizations";
import type { ServiceErrors } from "@/lib/flows/admin/service-input";
import {
  createService,
  deleteService,
  listServices,
  rotateServiceSecret,
  serviceByClientId,
} from "@/lib/flows/admin/services";
import { isClientId } from "@/lib/oidc/client-id";
import { runUserAction } from "@/lib/flows/admin/user-actions";
import { searchUsers } from "@/lib/flows/admin/user-search";
import { accountByIdentifier, namedBy } from "@/lib/db/accounts";
import { type CreateUserErrors, createUser, resendActivation } from "@/lib/flows/admin/users";
import { deliverAllDue } from "@/lib/messages/outbox";
import { configuredTransports } from "@/lib/messages/transports";

type Options = Record<string, string | boolean | string[] | undefined>;

type Command = {
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** How many arguments besides the options it takes (a client_id); none by default. */
  positionals?: number;
  run: (db: Db, o: Options, args: string[]) => Promise<number>;
};

const problemText: Record<string, string> = {
  unknownOrganization: "no organisation has this licence number",
  empty: "is required",
  tooLong: "is too long",
  invalid: "is not valid",
  duplicate: "is already taken in this organisation",
  lookalike:
    "looks like an existing username in this organisation (letters from another alphabet or look-alike characters); choose another",
  mixedScripts: "mixes letters of different scripts (for example Latin and Cyrillic); use one",
};

function printErrors(errors: CreateUserErrors) {
  const flag: Record<string, string> = {
    licence: "--licence",
    identifier: "--username",
    displayName: "--name",
    email: "--email",
    phone: "--phone",
    language: "--lang",
  };
  for (const [field, code] of Object.entries(errors))
    console.error(`  ${flag[field] ?? field}: ${problemText[code!] ?? code}`);
}

/** Why `outbox:retry --id` did nothing. */
const resendRefusal: Record<string, string> = {
  notFound: "No such message in that organisation.",
  notFailed: "That message has not failed, or was already sent again.",
  notApplicable: "That message no longer applies (for example the account is already activated).",
  noEmail: "The account has no e-mail address.",
  emailNotVerified:
    "The account's e-mail address is not verified, so no password link goes to it; resend the activation instead.",
  askForNewCode:
    "That message carried a code: it is not sent again. The person asks for a new code where they need it.",
};

/** Sends what the command queued, as the web app does after its response; failures wait for the cron job. */
async function deliver(db: Db) {
  const report = await deliverAllDue(db, { transports: configuredTransports(db), budgetMs: 20_000 });
  if (report.retried + report.failed > 0) console.error("Sending failed for now; the outbox will retry it.");
}

/** An organisation's scope for the operator: the same flows as /admin, with no acting administrator. */
async function operatorScope(db: Db, licence: unknown) {
  const [org] = await db
    .select()
    .from(organizations)
    .where(eq(organizations.licence, String(licence ?? "").trim()))
    .limit(1);
  if (!org)
    console.error(`No organisation has the licence number "${String(licence ?? "")}". See: npm run admin -- org:list`);
  return org
    ? { organization: org, scope: { organizationId: org.id, actorUserId: null, userAgent: "admin-cli" } }
    : null;
}

async function findUserId(db: Db, organizationId: string, identifier: unknown) {
  const name = String(identifier ?? "").trim();
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), namedBy(identifierKey(name))))
    .limit(1);
  if (!row) console.error(`No account "${name}" in that organisation.`);
  return row?.id ?? null;
}

const yesNo = (value: unknown, flag: string): boolean | null => {
  const v = String(value ?? "no").toLowerCase();
  if (["yes", "true", "1", "on"].includes(v)) return true;
  if (["no", "false", "0", "off"].includes(v)) return false;
  console.error(`${flag} takes yes or no.`);
  return null;
};

/** Why a service's settings were refused, in the CLI's words (the pages translate the same codes). */
const serviceProblemText: Record<string, string> = {
  empty: "is required",
  none: "is required (at least one)",
  tooLong: "is too long",
  tooMany: "has too many addresses (at most 20)",
  invalid: "is not valid",
  scheme: "must start with https://",
  notHttps: "must use https (plain http only for localhost and 127.0.0.1 in development)",
  fragment: "must not contain a # fragment",
  wildcard: "must not contain a wildcard (*)",
  userinfo: "must not contain a user name or password",
  missing: "is required for private_key_jwt (give --jwks or --jwks-uri)",
  both: "give either --jwks or --jwks-uri, not both",
  private: "contains a private key part: give only the public keys",
};

function printServiceErrors({ errors, lines }: ServiceErrors) {
  const flag: Record<string, string> = {
    name: "--name",
    homeUrl: "--home-url",
    redirectUris: "--redirect-uri",
    postLogoutRedirectUris: "--post-logout-uri",
    backchannelLogoutUri: "--backchannel-logout-uri",
    kind: "--public/--confidential",
    authMethod: "--auth-method",
    jwks: "--jwks",
    jwksUri: "--jwks-uri",
    scopes: "--scopes",
    idTokenAlg: "--id-token-alg",
  };
  for (const [field, code] of Object.entries(errors)) {
    const line = lines[field as keyof typeof lines];
    console.error(
      `  ${flag[field] ?? field}${line ? ` (number ${line})` : ""}: ${serviceProblemText[code ?? ""] ?? code}`,
    );
  }
}

/** The operator's scope for the organisation of the service with this client_id, and the service's row id. */
async function serviceScope(db: Db, clientId: string | undefined) {
  const id = String(clientId ?? "").trim();
  const found = isClientId(id) ? await serviceByClientId(db, id) : null;
  if (!found) {
    console.error(`No service has the client_id "${id}". See: npm run admin -- client:list`);
    return null;
  }
  return {
    id: found.id,
    scope: { organizationId: found.organizationId, actorUserId: null, userAgent: "admin-cli" },
  };
}

/** The secret, the one time it is printed: to standard output alone, with a warning on standard error. */
function printSecret(secret: string) {
  console.error("The client secret is printed only this once and cannot be shown again; store it now:");
  console.log(`client_secret: ${secret}`);
}

const commands: Record<string, Command> = {
  "org:create": {
    usage:
      'org:create --licence 300 --name "Name ry" [--support-email ADDRESS] [--identifier username|membership_number] [--reveal-unknown yes|no] [--lang fi|sv|en] [--default] [--min-password-length 8-256] [--recovery-methods email,sms]',
    summary:
      "Create an organisation (--recovery-methods email, sms or email,sms: how members may recover by themselves; both by default). Then create its first administrator with user:create --admin.",
    options: {
      licence: { type: "string" },
      name: { type: "string" },
      "support-email": { type: "string" },
      identifier: { type: "string" },
      "reveal-unknown": { type: "string" },
      lang: { type: "string" },
      default: { type: "boolean" },
      "min-password-length": { type: "string" },
      "recovery-methods": { type: "string" },
    },
    async run(db, o) {
      const reveal = yesNo(o["reveal-unknown"], "--reveal-unknown");
      if (reveal === null) return 2;
      const result = await createOrganization(db, {
        licence: String(o.licence ?? ""),
        name: String(o.name ?? ""),
        supportEmail: o["support-email"] as string | undefined,
        identifierKind: o.identifier as string | undefined,
        revealUnknownAccounts: reveal,
        language: o.lang as string | undefined,
        isDefault: Boolean(o.default),
        // Not a number ("viisitoista") stays NaN, which the flow refuses like any other out-of-range value.
        minPasswordLength:
          o["min-password-length"] === undefined
            ? undefined
            : /^\d+$/.test(String(o["min-password-length"]))
              ? Number(o["min-password-length"])
              : Number.NaN,
        // "email", "sms" or "email,sms": how members may recover by themselves (both by default).
        recoveryMethods:
          o["recovery-methods"] === undefined
            ? undefined
            : String(o["recovery-methods"])
                .split(",")
                .map((m) => m.trim().toLowerCase())
                .filter(Boolean),
      });
      if (!result.ok) {
        const flag: Record<string, string> = {
          licence: "--licence",
          name: "--name",
          supportEmail: "--support-email",
          identifierKind: "--identifier",
          language: "--lang",
          isDefault: "--default",
          minPasswordLength: "--min-password-length",
          recoveryMethods: "--recovery-methods",
        };
        const text: Record<string, string> = {
          ...problemText,
          duplicate: "is already taken",
          invalid: "is not valid",
          outOfRange: "must be a whole number from 8 to 256",
        };
        console.error("The organisation was not created:");
        for (const [field, code] of Object.entries(result.errors))
          console.error(
            `  ${flag[field]}: ${field === "isDefault" ? "another organisation is already the default" : (text[code!] ?? code)}`,
          );
        return 1;
      }
      console.log(
        `Created organisation ${String(o.licence).trim()}. Next: npm run admin -- user:create --licence ${String(o.licence).trim()} --username NAME --email ADDRESS --admin`,
      );
      return 0;
    },
  },
  "org:pairwise-subjects": {
    usage: "org:pairwise-subjects --licence 123 (--on | --off)",
    summary:
      "Whether each of the organisation's services gets its own OpenID `sub` for a person (pairwise). Changing it changes the `sub` every service sees: set it before connecting services.",
    options: { licence: { type: "string" }, on: { type: "boolean" }, off: { type: "boolean" } },
    async run(db, o) {
      if (Boolean(o.on) === Boolean(o.off)) {
        console.error("Give either --on or --off.");
        return 2;
      }
      const result = await setPairwiseSubjects(db, { licence: String(o.licence ?? ""), on: Boolean(o.on) });
      if (!result.ok) {
        console.error(`No organisation with licence "${String(o.licence ?? "")}".`);
        return 1;
      }
      console.log(
        result.changed
          ? `Pairwise subjects ${o.on ? "on" : "off"}: every service of ${String(o.licence)} now sees a different sub for its people.`
          : `Pairwise subjects were already ${o.on ? "on" : "off"}.`,
      );
      return 0;
    },
  },
  "org:list": {
    usage: "org:list",
    summary: "List the organisations with their number of people and active administrators.",
    options: {},
    async run(db) {
      const rows = await listOrganizations(db);
      if (rows.length === 0) console.log("No organisations yet. Create one with org:create.");
      for (const r of rows) {
        const methods = [...r.recoveryMethods].sort().join(",");
        const recovery =
          methods === "email,sms"
            ? null
            : methods === "email"
              ? "recovery by e-mail only"
              : methods === "sms"
                ? "recovery by SMS only"
                : "no self-service recovery";
        const flags = [
          r.identifierKind === "membership_number" ? "membership numbers" : "usernames",
          `language ${r.defaultLanguage}`,
          r.revealUnknownAccounts ? "reveals unknown accounts" : null,
          r.isDefault ? "default" : null,
          recovery,
        ]
          .filter(Boolean)
          .join(", ");
        console.log(
          `${r.licence.padEnd(8)} ${r.name}  (${flags}; ${r.users} people, ${r.admins} active administrator${r.admins === 1 ? "" : "s"}${r.supportEmail ? `; support ${r.supportEmail}` : ""})`,
        );
      }
      return 0;
    },
  },
  "user:list": {
    usage: "user:list --licence 123 [--search TEXT] [--status invited|active|locked|disabled] [--page N]",
    summary: "List an organisation's people, 50 per page, as the administrators' user list does.",
    options: {
      licence: { type: "string" },
      search: { type: "string" },
      status: { type: "string" },
      page: { type: "string" },
    },
    async run(db, o) {
      const found = await operatorScope(db, o.licence);
      if (!found) return 1;
      if (o.status && !["invited", "active", "locked", "disabled"].includes(String(o.status))) {
        console.error("--status takes invited, active, locked or disabled.");
        return 2;
      }
      const result = await searchUsers(db, found.scope, {
        q: o.search as string | undefined,
        status: o.status as string | undefined,
        page: o.page as string | undefined,
      });
      for (const r of result.rows) {
        console.log(
          `${(r.username ?? r.membershipNumber ?? "").padEnd(20)} ${r.status.padEnd(9)} ${r.role === "admin" ? "admin " : "      "} ${r.displayName}  ${r.email ?? ""}`,
        );
      }
      console.log(
        `${result.total} ${result.total === 1 ? "person" : "people"}; page ${result.query.page} of ${result.pages}.`,
      );
      return 0;
    },
  },
  "user:unlock": {
    usage: "user:unlock --licence 123 --username NAME",
    summary:
      "Reopen a locked account, clear its sign-in delay, and reopen password reset by code where wrong codes paused it.",
    options: { licence: { type: "string" }, username: { type: "string" } },
    async run(db, o) {
      const found = await operatorScope(db, o.licence);
      if (!found) return 1;
      const userId = await findUserId(db, found.organization.id, o.username);
      if (!userId) return 1;
      const result = await runUserAction(
        db,
        found.scope,
        { userId, action: "unlock" },
        { now: new Date(), appOrigin: appOrigin() },
      );
      if (!result.ok) {
        console.error(
          result.reason === "notApplicable"
            ? "The account is neither locked, delayed, nor paused for password reset by code."
            : "No such account.",
        );
        return 1;
      }
      console.log("Unlocked: the account can sign in again.");
      return 0;
    },
  },
  "outbox:retry": {
    usage: "outbox:retry (--id MESSAGE_ID --licence 123 | --failed [--licence 123])",
    summary:
      "Send again a message that failed for good, or every failed message (of one organisation). One with a link goes out as a new message with a new link; one with a code is not sent again.",
    options: { id: { type: "string" }, licence: { type: "string" }, failed: { type: "boolean" } },
    async run(db, o) {
      if (Boolean(o.id) === Boolean(o.failed)) {
        console.error("Give either --id (with --licence) or --failed.");
        return 2;
      }
      const ctx = { now: new Date(), appOrigin: appOrigin() };
      if (o.id) {
        const found = await operatorScope(db, o.licence);
        if (!found) return 1;
        const result = await resendFailedMessage(db, found.scope, { messageId: String(o.id) }, ctx);
        if (!result.ok) {
          console.error(resendRefusal[result.reason]);
          return 1;
        }
        if (result.fresh)
          console.log("The message had a link: a new message with a new link was made; the old link no longer works.");
      } else {
        const found = o.licence ? await operatorScope(db, o.licence) : null;
        if (o.licence && !found) return 1;
        const r = await retryFailedMessages(db, { organizationId: found?.organization.id }, ctx);
        console.log(
          `${r.requeued} failed message${r.requeued === 1 ? "" : "s"} queued again, ${r.fresh} sent anew with a new link, ${r.skipped} skipped (codes, which the person asks for again, and messages that no longer apply).`,
        );
        if (r.requeued + r.fresh === 0) return 0;
      }
      await deliver(db);
      console.log("Queued again and handed to the sender.");
      return 0;
    },
  },
  "keys:rotate": {
    usage: "keys:rotate",
    summary:
      "Give the OpenID Provider new signing keys (RS256 and ES256). The old ones stop signing at once and stay published until every token they signed has expired.",
    options: {},
    async run(db) {
      // Loaded here: the other commands need no OpenID Provider.
      const { rotateSigningKeys } = await import("@/lib/oidc/keys");
      const { SIGNED_TOKEN_MAX_SECONDS } = await import("@/lib/oidc/provider");
      const { retired, created } = await rotateSigningKeys(db, { keepPublishedSeconds: SIGNED_TOKEN_MAX_SECONDS });
      const until = new Date(Date.now() + SIGNED_TOKEN_MAX_SECONDS * 1000).toISOString();
      console.log(
        `New signing keys: ${created.join(", ")}. Retired ${retired.length ? retired.join(", ") : "none"}; published until ${until}. Running instances pick up the new keys within a minute.`,
      );
      await recordAudit(db, { event: "oidc.keys_rotated", details: { created, retired } });
      return 0;
    },
  },
  "user:create": {
    usage:
      'user:create --licence 123 --username NAME --email ADDRESS [--phone NUMBER] [--name "Full Name"] [--lang fi|sv|en] [--admin]',
    summary: "Create an invited account and e-mail its activation link (7 days).",
    options: {
      licence: { type: "string" },
      username: { type: "string" },
      email: { type: "string" },
      phone: { type: "string" },
      name: { type: "string" },
      lang: { type: "string" },
      admin: { type: "boolean" },
    },
    async run(db, o) {
      const result = await createUser(
        db,
        {
          licence: String(o.licence ?? ""),
          identifier: String(o.username ?? ""),
          email: String(o.email ?? ""),
          phone: o.phone as string | undefined,
          displayName: o.name as string | undefined,
          language: o.lang as string | undefined,
          role: o.admin ? "admin" : "member",
        },
        { now: new Date(), actor: { userId: null, userAgent: "admin-cli" }, appOrigin: appOrigin() },
      );
      if (!result.ok) {
        console.error("The account was not created:");
        printErrors(result.errors);
        return 1;
      }
      await deliver(db);
      console.log(
        `Created ${result.identifier} (invited${o.admin ? ", administrator" : ""}); the activation e-mail went to ${String(o.email).trim().toLowerCase()}.`,
      );
      return 0;
    },
  },
  "user:resend-activation": {
    usage: "user:resend-activation --licence 123 --username NAME",
    summary: "Send a new activation link to an account not yet activated; the old link stops working.",
    options: { licence: { type: "string" }, username: { type: "string" } },
    async run(db, o) {
      const name = String(o.username ?? "").trim();
      const found = await accountByIdentifier(db, { name: identifierKey(name), licence: String(o.licence ?? "") });
      if (!found) {
        console.error("No such account in that organisation.");
        return 1;
      }
      const row = { userId: found.user.id, organizationId: found.organization.id };
      const result = await resendActivation(db, row, {
        now: new Date(),
        actor: { userId: null, userAgent: "admin-cli" },
        appOrigin: appOrigin(),
      });
      if (!result.ok) {
        console.error(
          {
            notFound: "No such account.",
            notInvited: "The account is already activated.",
            noEmail: "The account has no e-mail address.",
          }[result.reason],
        );
        return 1;
      }
      await deliver(db);
      console.log("A new activation link was sent; the old one no longer works.");
      return 0;
    },
  },
  "client:create": {
    usage:
      'client:create --licence 123 --name "Service" --redirect-uri URL [--redirect-uri URL …] [--post-logout-uri URL …] [--backchannel-logout-uri URL] [--home-url URL] (--public | --confidential [--auth-method client_secret_basic|client_secret_post|private_key_jwt] [--jwks JSON | --jwks-uri URL]) [--first-party] [--scopes "openid profile email phone membership offline_access"] [--id-token-alg RS256|ES256]',
    summary:
      "Register a service (an OpenID Connect client) of an organisation. A confidential one (the default) gets a client secret, printed once. Only the organisation's people can sign in to it.",
    options: {
      licence: { type: "string" },
      name: { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
      "post-logout-uri": { type: "string", multiple: true },
      "backchannel-logout-uri": { type: "string" },
      "home-url": { type: "string" },
      public: { type: "boolean" },
      confidential: { type: "boolean" },
      "auth-method": { type: "string" },
      jwks: { type: "string" },
      "jwks-uri": { type: "string" },
      "first-party": { type: "boolean" },
      scopes: { type: "string" },
      "id-token-alg": { type: "string" },
    },
    async run(db, o) {
      if (o.public && o.confidential) {
        console.error("Give --public or --confidential, not both.");
        return 2;
      }
      if (o.public && o["auth-method"]) {
        console.error("A public service authenticates with PKCE alone: --auth-method is for --confidential.");
        return 2;
      }
      const found = await operatorScope(db, o.licence);
      if (!found) return 1;
      const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
      const result = await createService(
        db,
        found.scope,
        {
          name: String(o.name ?? ""),
          homeUrl: o["home-url"] as string | undefined,
          redirectUris: list(o["redirect-uri"]),
          postLogoutRedirectUris: list(o["post-logout-uri"]),
          backchannelLogoutUri: o["backchannel-logout-uri"] as string | undefined,
          kind: o.public ? "public" : "confidential",
          authMethod: o["auth-method"] as string | undefined,
          jwks: o.jwks as string | undefined,
          jwksUri: o["jwks-uri"] as string | undefined,
          firstParty: Boolean(o["first-party"]),
          scopes:
            o.scopes === undefined
              ? undefined
              : String(o.scopes)
                  .split(/[\s,]+/)
                  .filter(Boolean),
          idTokenAlg: o["id-token-alg"] as string | undefined,
        },
        { now: new Date() },
      );
      if (!result.ok) {
        console.error("The service was not registered:");
        printServiceErrors(result);
        return 1;
      }
      console.log(`Registered the service for ${found.organization.licence}.`);
      console.log(`client_id: ${result.clientId}`);
      if (result.secret) printSecret(result.secret);
      return 0;
    },
  },
  "client:list": {
    usage: "client:list [--licence 123]",
    summary: "List the services (OpenID Connect clients) of one organisation, or of all of them.",
    options: { licence: { type: "string" } },
    async run(db, o) {
      const scopes = [];
      if (o.licence !== undefined) {
        const found = await operatorScope(db, o.licence);
        if (!found) return 1;
        scopes.push({ licence: found.organization.licence, scope: found.scope });
      } else {
        const all = await db
          .select({ id: organizations.id, licence: organizations.licence })
          .from(organizations)
          .orderBy(organizations.licence);
        for (const org of all)
          scopes.push({ licence: org.licence, scope: { organizationId: org.id, actorUserId: null } });
      }
      let total = 0;
      for (const { licence, scope } of scopes) {
        for (const s of await listServices(db, scope)) {
          total++;
          const kind = s.kind === "public" ? "public (PKCE)" : `confidential (${s.tokenEndpointAuthMethod})`;
          console.log(
            `${licence.padEnd(8)} ${s.clientId}  ${s.name}  (${kind}${s.firstParty ? ", first-party" : ""}; scopes ${s.scopes.join(" ")})`,
          );
          for (const uri of s.redirectUris) console.log(`${" ".repeat(9)}redirect ${uri}`);
        }
      }
      console.log(
        total === 0
          ? "No services yet. Register one with client:create."
          : `${total} service${total === 1 ? "" : "s"}.`,
      );
      return 0;
    },
  },
  "client:rotate-secret": {
    usage: "client:rotate-secret CLIENT_ID",
    summary: "Give a confidential service a new client secret, printed once; the old one stops working at once.",
    options: {},
    positionals: 1,
    async run(db, _o, [clientId]) {
      const found = await serviceScope(db, clientId);
      if (!found) return 1;
      const result = await rotateServiceSecret(db, found.scope, found.id, { now: new Date() });
      if (!result.ok) {
        console.error(
          result.reason === "noSecret"
            ? "That service has no client secret (a public service, or one that signs with its own key)."
            : "No such service.",
        );
        return 1;
      }
      console.log(`A new client secret for ${result.clientId}; the old one no longer works.`);
      printSecret(result.secret);
      return 0;
    },
  },
  "client:delete": {
    usage: "client:delete CLIENT_ID",
    summary:
      "Remove a service, with its grants, tokens and the people's connections to it: its sign-ins stop working at once.",
    options: {},
    positionals: 1,
    async run(db, _o, [clientId]) {
      const found = await serviceScope(db, clientId);
      if (!found) return 1;
      const result = await deleteService(db, found.scope, found.id);
      if (!result.ok) {
        console.error("No such service.");
        return 1;
      }
      console.log(`Removed the service ${result.clientId}.`);
      return 0;
    },
  },
};

function help(): string {
  const lines = ["Usage: npm run admin -- <command> [options]", "", "Commands:"];
  for (const c of Object.values(commands)) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push("", "Without DATABASE_URL the embedded development database is used (shared with npm run dev).");
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(help());
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: Boolean(command.positionals),
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\nUsage: npm run admin -- ${command.usage}`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(`Usage: npm run admin -- ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  if (parsed.positionals.length !== (command.positionals ?? 0)) {
    console.error(`Usage: npm run admin -- ${command.usage}`);
    return 2;
  }
  const handle = await connectConfigured();
  try {
    return await command.run(handle.db, parsed.values as Options, parsed.positionals);
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
