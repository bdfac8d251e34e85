ALTER TABLE "accounts" ADD COLUMN "api_rate_limit" jsonb;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "on_member_removed" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- Before the index: of several unanswered invitations to one address in an account (made before
-- the rule, or expired ones), keep the newest.
DELETE FROM "invitations" AS older USING "invitations" AS newer
WHERE older."accepted_at" IS NULL AND newer."accepted_at" IS NULL
  AND newer."account_id" = older."account_id" AND lower(newer."email") = lower(older."email")
  AND (newer."created_at", newer."id") > (older."created_at", older."id");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_pending_email_key" ON "invitations" USING btree ("account_id",lower("email")) WHERE "invitations"."accepted_at" IS NULL;