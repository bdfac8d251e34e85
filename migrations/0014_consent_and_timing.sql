ALTER TABLE "channels" ADD COLUMN "quiet_hours" jsonb;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "timezone" text;--> statement-breakpoint
ALTER TABLE "group_messages" ADD COLUMN "approval" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "transactional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "consent" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "quiet_hours" jsonb;--> statement-breakpoint
CREATE INDEX "messages_contact_bulk_sent_idx" ON "messages" USING btree ("contact_id","sent_at") WHERE "messages"."group_message_id" IS NOT NULL AND "messages"."sent_at" IS NOT NULL;