ALTER TABLE "group_messages" ADD COLUMN "fanout_written" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "group_messages" ADD COLUMN "error_details" jsonb;--> statement-breakpoint
CREATE INDEX "outbox_events_published_idx" ON "outbox_events" USING btree ("published_at") WHERE "outbox_events"."status" = 'published';--> statement-breakpoint
-- Broadcasts still in flight when this runs keep an exact window: their rows written so far.
UPDATE "group_messages" g SET "fanout_written" = (
  SELECT count(*)::int FROM "messages" m WHERE m."group_message_id" = g."id")
WHERE g."status" IN ('queued', 'processing');
