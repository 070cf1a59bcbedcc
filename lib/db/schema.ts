import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
// Relative: drizzle-kit loads this file by itself, without the "@/" alias.
import { type Language, languages } from "../i18n/languages";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const ts = (name: string) => timestamp(name, { withTimezone: true });

export const languageEnum = pgEnum("language", languages);
export const identifierKindEnum = pgEnum("identifier_kind", ["username", "membership_number"]);
export const userStatusEnum = pgEnum("user_status", ["invited", "active", "locked", "disabled"]);
export const userRoleEnum = pgEnum("user_role", ["member", "admin"]);
export const tokenPurposeEnum = pgEnum("token_purpose", [
  "activation",
  "reset_link",
  "reset_code",
  "email_change",
  "phone_change",
]);
export const channelEnum = pgEnum("channel", ["email", "sms"]);
export const outboxStatusEnum = pgEnum("outbox_status", ["pending", "sending", "sent", "failed"]);

export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The part after `@` in `username@licence`. */
    licence: text("licence").notNull().unique(),
    name: text("name").notNull(),
    supportEmail: text("support_email"),
    supportPhone: text("support_phone"),
    identifierKind: identifierKindEnum("identifier_kind").notNull().default("username"),
    revealUnknownAccounts: boolean("reveal_unknown_accounts").notNull().default(false),
    recoveryMethods: text("recovery_methods")
      .array()
      .notNull()
      .default(sql`ARRAY['email','sms']::text[]`),
    defaultLanguage: languageEnum("default_language").notNull().default("fi"),
    /** NIST SP 800-63B-4: 15 where the password is the only factor; 8–256 per organisation. */
    minPasswordLength: integer("min_password_length").notNull().default(15),
    /** A bare identifier without `@licence` signs in to this organisation. At most one. */
    isDefault: boolean("is_default").notNull().default(false),
    /**
     * OpenID Connect: give each of the organisation's services its own `sub` for a person
     * (pairwise), so two services cannot match their users by it. Off: one `sub` for all.
     */
    oidcPairwiseSubjects: boolean("oidc_pairwise_subjects").notNull().default(false),
    /** Salt of the pairwise `sub`s: random per organisation, never shown. */
    oidcPairwiseSalt: text("oidc_pairwise_salt")
      .notNull()
      .default(sql`replace(gen_random_uuid()::text, '-', '')`),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("organizations_single_default")
      .on(t.isDefault)
      .where(sql`${t.isDefault}`),
    check("organizations_min_password_length", sql`${t.minPasswordLength} BETWEEN 8 AND 256`),
  ],
);

/** What the administrators' search looks in, lower-cased; the trigram index is on exactly this. */
export function userSearchText(t: {
  displayName: unknown;
  username: unknown;
  membershipNumber: unknown;
  email: unknown;
  phone: unknown;
}) {
  return sql`lower(${t.displayName} || ' ' || coalesce(${t.username}, '') || ' ' || coalesce(${t.membershipNumber}, '') || ' ' || coalesce(${t.email}, '') || ' ' || coalesce(${t.phone}, ''))`;
}

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** Stored as typed; compared lower-cased (see the unique index). */
    username: text("username"),
    /** Stored as typed (NFKC); compared lower-cased, like usernames (see the unique index). */
    membershipNumber: text("membership_number"),
    /**
     * The username's confusables skeleton (`lib/identity/skeleton.ts`): one per organisation,
     * so no two usernames look alike. Null for membership numbers, and for an old username whose
     * skeleton another already had when it was first computed (reported by `migrateDatabase`).
     */
    usernameSkeleton: text("username_skeleton"),
    displayName: text("display_name").notNull().default(""),
    email: text("email"),
    emailVerifiedAt: ts("email_verified_at"),
    /** E.164. */
    phone: text("phone"),
    phoneVerifiedAt: ts("phone_verified_at"),
    passwordHash: text("password_hash"),
    status: userStatusEnum("status").notNull().default("invited"),
    role: userRoleEnum("role").notNull().default("member"),
    language: languageEnum("language").notNull().default("fi"),
    failedLoginCount: integer("failed_login_count").notNull().default(0),
    loginBlockedUntil: ts("login_blocked_until"),
    /**
     * Consecutive wrong reset codes, across codes: past the cap only a reset link or an
     * administrator opens recovery by code again.
     */
    recoveryCodeFailures: integer("recovery_code_failures").notNull().default(0),
    lastLoginAt: ts("last_login_at"),
    /**
     * The person's `sub` towards the organisation's services (OpenID Connect): random, stable,
     * never the row's id, so a service learns nothing it could use against the database.
     */
    oidcSubject: text("oidc_subject")
      .notNull()
      .default(sql`replace(gen_random_uuid()::text, '-', '')`),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_org_username_lower")
      .on(t.organizationId, sql`lower(${t.username})`)
      .where(sql`${t.username} IS NOT NULL`),
    uniqueIndex("users_org_membership_number_lower")
      .on(t.organizationId, sql`lower(${t.membershipNumber})`)
      .where(sql`${t.membershipNumber} IS NOT NULL`),
    uniqueIndex("users_org_username_skeleton")
      .on(t.organizationId, t.usernameSkeleton)
      .where(sql`${t.usernameSkeleton} IS NOT NULL`),
    uniqueIndex("users_oidc_subject").on(t.oidcSubject),
    index("users_email_lower").on(sql`lower(${t.email})`),
    index("users_phone").on(t.phone),
    // The administrators' search: any part of name, username, number, e-mail or phone (pg_trgm).
    index("users_search_trgm").using("gin", sql`(${userSearchText(t)}) gin_trgm_ops`),
    index("users_org_name").on(t.organizationId, sql`lower(${t.displayName})`, t.id),
    index("users_org_created").on(t.organizationId, t.createdAt, t.id),
    // Newest sign-in first is the usual order; scanned backwards it serves oldest-first too.
    index("users_org_last_login").on(t.organizationId, t.lastLoginAt.desc().nullsLast(), t.id.desc().nullsFirst()),
    check("users_has_identifier", sql`${t.username} IS NOT NULL OR ${t.membershipNumber} IS NOT NULL`),
  ],
);

export const oneTimeTokens = pgTable(
  "one_time_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: tokenPurposeEnum("purpose").notNull(),
    /** SHA-256 of a link secret or HMAC of a code; never the secret itself. */
    secretHash: text("secret_hash").notNull(),
    /** The new address or number a change token confirms. */
    target: text("target"),
    expiresAt: ts("expires_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    consumedAt: ts("consumed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("one_time_tokens_secret_hash").on(t.secretHash),
    index("one_time_tokens_user_purpose").on(t.userId, t.purpose),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    /** Random, carried in the JWT. */
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    method: text("method").notNull().default("password"),
    createdAt: createdAt(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    userAgent: text("user_agent"),
    ip: text("ip"),
    revokedAt: ts("revoked_at"),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

export const accounts = pgTable(
  "accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    /** The provider's e-mail or name for the outside account, so the person recognises it on /account. */
    label: text("label"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("accounts_provider_account").on(t.provider, t.providerAccountId),
    // One outside account per provider per person: linking a second one means removing the first.
    uniqueIndex("accounts_user_provider").on(t.userId, t.provider),
  ],
);

export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "set null" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    channel: channelEnum("channel").notNull(),
    recipient: text("recipient").notNull(),
    template: text("template").notNull(),
    language: languageEnum("language").notNull(),
    /** What may be kept in clear: the props with every link and code replaced (`scrubProps`). */
    props: jsonb("props").notNull().$type<Record<string, unknown>>(),
    /**
     * The full props, sealed with AES-256-GCM under a key derived from AUTH_SECRET
     * (`lib/messages/sealed-props.ts`), for a message that carries a link or code; cleared once it
     * is sent or has failed for good.
     */
    sealedProps: text("sealed_props"),
    status: outboxStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    leaseUntil: ts("lease_until"),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    /** A failed message an administrator sent again as a new one (new link): that message. */
    replacedBy: uuid("replaced_by").references((): AnyPgColumn => outbox.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    sentAt: ts("sent_at"),
  },
  (t) => [
    index("outbox_due").on(t.status, t.nextAttemptAt),
    index("outbox_user").on(t.userId, t.createdAt),
    // Failed for good and not yet dealt with: the notice on /admin and the health check.
    index("outbox_failed_open")
      .on(t.organizationId, t.createdAt)
      .where(sql`${t.status} = 'failed' AND ${t.replacedBy} IS NULL`),
  ],
);

/**
 * What the capture transport "sent": the rendered message, for the dev mailbox and the tests.
 * Only ever written in development, tests and demo mode.
 */
export const capturedMessages = pgTable(
  "captured_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    outboxId: uuid("outbox_id")
      .notNull()
      .references(() => outbox.id, { onDelete: "cascade" }),
    channel: channelEnum("channel").notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject"),
    text: text("text").notNull(),
    html: text("html"),
    createdAt: createdAt(),
  },
  (t) => [index("captured_messages_outbox").on(t.outboxId)],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    subjectUserId: uuid("subject_user_id").references(() => users.id, { onDelete: "set null" }),
    event: text("event").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_events_org_created").on(t.organizationId, t.createdAt),
    index("audit_events_subject").on(t.subjectUserId, t.createdAt),
    index("audit_events_event").on(t.event, t.createdAt),
  ],
);

export const importStatusEnum = pgEnum("import_status", ["checked", "applied"]);

/**
 * A member register file an administrator uploaded: checked (the dry run) and then, maybe,
 * applied. The content is kept so "apply" works on exactly the file that was checked, and only
 * until then (or 24 hours); the row stays as a record of an applied import.
 */
export const memberImports = pgTable(
  "member_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    fileName: text("file_name").notNull(),
    /** The file as uploaded; null once applied or swept (a register is personal data). */
    content: text("content"),
    /** Counts by outcome at the dry run: { new, changed, unchanged, error }. */
    summary: jsonb("summary").notNull().$type<Record<string, number>>(),
    status: importStatusEnum("status").notNull().default("checked"),
    createdAt: createdAt(),
    appliedAt: ts("applied_at"),
  },
  (t) => [index("member_imports_org_created").on(t.organizationId, t.createdAt)],
);

/** Counters of rate-limiter-flexible's RateLimiterDrizzle (column names are its own). */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: ts("expire"),
});

export const oidcClientKindEnum = pgEnum("oidc_client_kind", ["public", "confidential"]);
export const oidcClientAuthEnum = pgEnum("oidc_client_auth", [
  "none",
  "client_secret_basic",
  "client_secret_post",
  "private_key_jwt",
]);

/**
 * A service of an organisation that signs its people in with Tunnus (an OpenID Connect relying
 * party). Only people of `organization_id` can sign in to it. A confidential client's secret is
 * kept as its SHA-256 (it is 256 random bits, so no slow hash is needed) and shown once.
 */
export const oidcClients = pgTable(
  "oidc_clients",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The public `client_id`: random, never the row's id. */
    clientId: text("client_id").notNull().unique(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Where "Siirry palveluun" on /account leads; the service's own front page. */
    homeUrl: text("home_url"),
    redirectUris: text("redirect_uris").array().notNull(),
    postLogoutRedirectUris: text("post_logout_redirect_uris")
      .array()
      .notNull()
      .default(sql`ARRAY[]::text[]`),
    backchannelLogoutUri: text("backchannel_logout_uri"),
    kind: oidcClientKindEnum("kind").notNull(),
    tokenEndpointAuthMethod: oidcClientAuthEnum("token_endpoint_auth_method").notNull(),
    /** SHA-256 (base64url) of the secret of a client_secret_basic/_post client. */
    secretHash: text("secret_hash"),
    /** The public keys of a private_key_jwt client: a JWKS document, or where to fetch it. */
    jwks: jsonb("jwks").$type<{ keys: Record<string, unknown>[] }>(),
    jwksUri: text("jwks_uri"),
    /** Marked by the operator or administrator: no consent page. */
    firstParty: boolean("first_party").notNull().default(false),
    scopes: text("scopes")
      .array()
      .notNull()
      .default(sql`ARRAY['openid','profile','email']::text[]`),
    /** ES256 or RS256 for its ID tokens. */
    idTokenAlg: text("id_token_alg").notNull().default("RS256"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("oidc_clients_org").on(t.organizationId, t.name),
    check("oidc_clients_auth_matches_kind", sql`(${t.kind} = 'public') = (${t.tokenEndpointAuthMethod} = 'none')`),
    check("oidc_clients_id_token_alg", sql`${t.idTokenAlg} IN ('ES256', 'RS256')`),
  ],
);

/**
 * Everything oidc-provider keeps between requests (sessions, interactions, codes, tokens,
 * grants, replay markers), one row per model and id, so any number of instances agree.
 * `account_id` is the person's `oidc_subject`; `tunnus_session_id` ties an OpenID session to
 * the Tunnus session it mirrors (lib/oidc/session-binding.ts).
 */
export const oidcModels = pgTable(
  "oidc_models",
  {
    kind: text("kind").notNull(),
    id: text("id").notNull(),
    payload: jsonb("payload").notNull().$type<Record<string, unknown>>(),
    grantId: text("grant_id"),
    uid: text("uid"),
    userCode: text("user_code"),
    accountId: text("account_id"),
    clientId: text("client_id"),
    tunnusSessionId: text("tunnus_session_id"),
    expiresAt: ts("expires_at"),
    consumedAt: ts("consumed_at"),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.id] }),
    index("oidc_models_grant")
      .on(t.grantId)
      .where(sql`${t.grantId} IS NOT NULL`),
    index("oidc_models_uid")
      .on(t.kind, t.uid)
      .where(sql`${t.uid} IS NOT NULL`),
    index("oidc_models_account")
      .on(t.accountId, t.kind)
      .where(sql`${t.accountId} IS NOT NULL`),
    index("oidc_models_tunnus_session")
      .on(t.tunnusSessionId)
      .where(sql`${t.tunnusSessionId} IS NOT NULL`),
    index("oidc_models_expires").on(t.expiresAt),
  ],
);

/**
 * The provider's signing keys. The private half is sealed (AES-256-GCM, key derived from
 * AUTH_SECRET); the public half is published at the JWKS endpoint until `publish_until`, so a
 * token signed before a rotation can still be checked. The newest key per algorithm signs.
 */
export const oidcSigningKeys = pgTable("oidc_signing_keys", {
  kid: text("kid").primaryKey(),
  alg: text("alg").notNull(),
  publicJwk: jsonb("public_jwk").notNull().$type<Record<string, unknown>>(),
  sealedPrivateJwk: text("sealed_private_jwk").notNull(),
  createdAt: createdAt(),
  /** Set by a rotation: from then on it only verifies. */
  retiredAt: ts("retired_at"),
  /** After this the key is no longer published (every token it signed has expired). */
  publishUntil: ts("publish_until"),
});

/** Which of its services a person has signed in to, and when last: "Palvelut, joihin olet kirjautunut". */
export const oidcConnections = pgTable(
  "oidc_connections",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    clientId: uuid("client_id")
      .notNull()
      .references(() => oidcClients.id, { onDelete: "cascade" }),
    scopes: text("scopes").array().notNull(),
    firstUsedAt: createdAt(),
    lastUsedAt: ts("last_used_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.clientId] })],
);

export type OidcClient = typeof oidcClients.$inferSelect;
export type Organization = typeof organizations.$inferSelect;
export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type MemberImport = typeof memberImports.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type AuditRow = typeof auditEvents.$inferSelect;
/** The `language` column's type: one of the service's languages (lib/i18n/languages.ts). */
export type { Language };
