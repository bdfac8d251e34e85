-- The account's status index keeps only the statuses a message ends in when something went wrong or
-- waits: every message passes through queued, sending and sent or delivered, and each of those row
-- versions took an entry. Rebuilt only when it is still the full index, so an operator can build the
-- partial one ahead with CREATE INDEX CONCURRENTLY (docs/OPERATIONS.md) and skip the blocking build.
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_indexes
    WHERE schemaname = current_schema() AND indexname = 'messages_account_status_idx'
      AND indexdef LIKE '%WHERE%'
  ) THEN
    DROP INDEX IF EXISTS "messages_account_status_idx";
    CREATE INDEX "messages_account_status_idx" ON "messages" USING btree ("account_id","status")
      WHERE "messages"."status" IN ('scheduled', 'failed', 'permanently_failed', 'cancelled', 'skipped');
  END IF;
END $$;
