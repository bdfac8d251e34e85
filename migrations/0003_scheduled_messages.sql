CREATE TABLE "scheduled_message_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scheduled_message_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"occurrence_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"message_id" uuid,
	"group_message_id" uuid,
	"error" text,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheduled_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text,
	"send_type" text NOT NULL,
	"channel_id" uuid,
	"contact_id" uuid,
	"delivery_address" text,
	"contact_group_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"template_id" uuid,
	"message_body" text,
	"subject" text,
	"variables" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"timezone" text NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"scheduled_local" text NOT NULL,
	"is_recurring" boolean DEFAULT false NOT NULL,
	"recurrence_rule" text,
	"recurrence_end_at" timestamp with time zone,
	"status" text DEFAULT 'pending' NOT NULL,
	"next_trigger_at" timestamp with time zone,
	"last_triggered_at" timestamp with time zone,
	"trigger_count" integer DEFAULT 0 NOT NULL,
	"missed_count" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scheduled_message_runs" ADD CONSTRAINT "scheduled_message_runs_scheduled_message_id_scheduled_messages_id_fk" FOREIGN KEY ("scheduled_message_id") REFERENCES "public"."scheduled_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_message_runs" ADD CONSTRAINT "scheduled_message_runs_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_messages" ADD CONSTRAINT "scheduled_messages_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_messages" ADD CONSTRAINT "scheduled_messages_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_messages" ADD CONSTRAINT "scheduled_messages_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_messages" ADD CONSTRAINT "scheduled_messages_template_id_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_messages" ADD CONSTRAINT "scheduled_messages_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "scheduled_message_runs_occurrence_key" ON "scheduled_message_runs" USING btree ("scheduled_message_id","occurrence_at");--> statement-breakpoint
CREATE INDEX "scheduled_message_runs_account_idx" ON "scheduled_message_runs" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "scheduled_messages_account_created_idx" ON "scheduled_messages" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "scheduled_messages_active_idx" ON "scheduled_messages" USING btree ("next_trigger_at") WHERE "scheduled_messages"."status" IN ('pending', 'triggered');