DROP INDEX "accounts_user";--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "label" text;--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_user_provider" ON "accounts" USING btree ("user_id","provider");