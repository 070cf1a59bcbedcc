CREATE TYPE "public"."oidc_client_auth" AS ENUM('none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt');--> statement-breakpoint
CREATE TYPE "public"."oidc_client_kind" AS ENUM('public', 'confidential');--> statement-breakpoint
CREATE TABLE "oidc_clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"home_url" text,
	"redirect_uris" text[] NOT NULL,
	"post_logout_redirect_uris" text[] DEFAULT ARRAY[]::text[] NOT NULL,
	"backchannel_logout_uri" text,
	"kind" "oidc_client_kind" NOT NULL,
	"token_endpoint_auth_method" "oidc_client_auth" NOT NULL,
	"secret_hash" text,
	"jwks" jsonb,
	"jwks_uri" text,
	"first_party" boolean DEFAULT false NOT NULL,
	"scopes" text[] DEFAULT ARRAY['openid','profile','email']::text[] NOT NULL,
	"id_token_alg" text DEFAULT 'RS256' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oidc_clients_client_id_unique" UNIQUE("client_id"),
	CONSTRAINT "oidc_clients_auth_matches_kind" CHECK (("oidc_clients"."kind" = 'public') = ("oidc_clients"."token_endpoint_auth_method" = 'none')),
	CONSTRAINT "oidc_clients_id_token_alg" CHECK ("oidc_clients"."id_token_alg" IN ('ES256', 'RS256'))
);
--> statement-breakpoint
CREATE TABLE "oidc_connections" (
	"user_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"scopes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oidc_connections_user_id_client_id_pk" PRIMARY KEY("user_id","client_id")
);
--> statement-breakpoint
CREATE TABLE "oidc_models" (
	"kind" text NOT NULL,
	"id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"grant_id" text,
	"uid" text,
	"user_code" text,
	"account_id" text,
	"client_id" text,
	"tunnus_session_id" text,
	"expires_at" timestamp with time zone,
	"consumed_at" timestamp with time zone,
	CONSTRAINT "oidc_models_kind_id_pk" PRIMARY KEY("kind","id")
);
--> statement-breakpoint
CREATE TABLE "oidc_signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"alg" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"sealed_private_jwk" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	"publish_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "oidc_pairwise_subjects" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "oidc_pairwise_salt" text DEFAULT replace(gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "oidc_subject" text DEFAULT replace(gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "oidc_clients" ADD CONSTRAINT "oidc_clients_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oidc_connections" ADD CONSTRAINT "oidc_connections_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oidc_connections" ADD CONSTRAINT "oidc_connections_client_id_oidc_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."oidc_clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oidc_clients_org" ON "oidc_clients" USING btree ("organization_id","name");--> statement-breakpoint
CREATE INDEX "oidc_models_grant" ON "oidc_models" USING btree ("grant_id") WHERE "oidc_models"."grant_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "oidc_models_uid" ON "oidc_models" USING btree ("kind","uid") WHERE "oidc_models"."uid" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "oidc_models_account" ON "oidc_models" USING btree ("account_id","kind") WHERE "oidc_models"."account_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "oidc_models_tunnus_session" ON "oidc_models" USING btree ("tunnus_session_id") WHERE "oidc_models"."tunnus_session_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "oidc_models_expires" ON "oidc_models" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_oidc_subject" ON "users" USING btree ("oidc_subject");