ALTER TABLE "organizations" ALTER COLUMN "min_password_length" SET DEFAULT 15;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "recovery_code_failures" integer DEFAULT 0 NOT NULL;