CREATE TABLE "message_parts" (
	"channel_id" uuid NOT NULL,
	"provider_message_id" text NOT NULL,
	"message_id" uuid NOT NULL,
	"part" integer NOT NULL,
	"status" text,
	"provider_status" text,
	"error_code" text,
	"error_message" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_parts_channel_id_provider_message_id_pk" PRIMARY KEY("channel_id","provider_message_id")
);
--> statement-breakpoint
ALTER TABLE "message_parts" ADD CONSTRAINT "message_parts_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_parts_message_idx" ON "message_parts" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "webhook_events_inbound_part_idx" ON "webhook_events" USING btree ("channel_id",("payload" -> 'part' ->> 'group')) WHERE "webhook_events"."kind" = 'inbound' AND "webhook_events"."payload" ? 'part';