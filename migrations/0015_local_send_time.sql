ALTER TABLE "group_messages" ADD COLUMN "local_send_time" text;--> statement-breakpoint
ALTER TABLE "scheduled_messages" ADD COLUMN "local_send_time" text;