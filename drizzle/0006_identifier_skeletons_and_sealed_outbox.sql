DROP INDEX "users_org_membership_number";--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "sealed_props" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "replaced_by" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "username_skeleton" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_replaced_by_outbox_id_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."outbox"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_failed_open" ON "outbox" USING btree ("organization_id","created_at") WHERE "outbox"."status" = 'failed' AND "outbox"."replaced_by" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "users_org_membership_number_lower" ON "users" USING btree ("organization_id",lower("membership_number")) WHERE "users"."membership_number" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "users_org_username_skeleton" ON "users" USING btree ("organization_id","username_skeleton") WHERE "users"."username_skeleton" IS NOT NULL;