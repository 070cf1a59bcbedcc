-- The administrators' substring search (users_search_trgm). Managed Postgres services ship pg_trgm.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('checked', 'applied');--> statement-breakpoint
CREATE TABLE "member_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"actor_user_id" uuid,
	"file_name" text NOT NULL,
	"content" text NOT NULL,
	"summary" jsonb NOT NULL,
	"status" "import_status" DEFAULT 'checked' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "member_imports" ADD CONSTRAINT "member_imports_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_imports" ADD CONSTRAINT "member_imports_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_imports_org_created" ON "member_imports" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "users_search_trgm" ON "users" USING gin ((lower("display_name" || ' ' || coalesce("username", '') || ' ' || coalesce("membership_number", '') || ' ' || coalesce("email", '') || ' ' || coalesce("phone", ''))) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "users_org_name" ON "users" USING btree ("organization_id",lower("display_name"),"id");--> statement-breakpoint
CREATE INDEX "users_org_created" ON "users" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "users_org_last_login" ON "users" USING btree ("organization_id","last_login_at" DESC NULLS LAST,"id" DESC NULLS FIRST);