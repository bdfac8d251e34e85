CREATE TABLE "consent_confirmations" (
	"account_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"address" text NOT NULL,
	"kind" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consent_confirmations_channel_id_address_kind_pk" PRIMARY KEY("channel_id","address","kind")
);
--> statement-breakpoint
ALTER TABLE "consent_confirmations" ADD CONSTRAINT "consent_confirmations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;