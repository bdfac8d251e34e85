CREATE TABLE "message_parts" (
	"channel_id" uuid NOT NULL,
	"provider_part_id" text NOT NULL,
	"message_id" uuid NOT NULL,
	"part_number" smallint NOT NULL,
	"parts_total" smallint NOT NULL,
	"status" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_parts_channel_id_provider_part_id_pk" PRIMARY KEY("channel_id","provider_part_id")
);
--> statement-breakpoint
ALTER TABLE "message_parts" ADD CONSTRAINT "message_parts_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_parts_message_idx" ON "message_parts" USING btree ("message_id");