CREATE TABLE "message_stat_deltas" (
	"account_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"channel_id" uuid,
	"sent" integer NOT NULL,
	"delivered" integer NOT NULL,
	"failed" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "message_stat_deltas_account_hour_idx" ON "message_stat_deltas" USING btree ("account_id","hour");--> statement-breakpoint
-- One delta row per (account, hour, channel) that a statement changed: the counts of the rows after
-- it minus those before it. Statement-level with transition tables: a 500-row write costs one small
-- INSERT; claims and other writes that change no count aggregate and insert nothing (only rows that
-- count before or after the statement are looked at).
CREATE FUNCTION message_stat_deltas_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO message_stat_deltas (account_id, hour, channel_id, sent, delivered, failed)
    SELECT account_id, date_trunc('hour', created_at), channel_id,
      count(*) FILTER (WHERE sent_at IS NOT NULL), count(*) FILTER (WHERE status = 'delivered'),
      count(*) FILTER (WHERE status = 'permanently_failed')
    FROM new_rows WHERE direction = 'outbound'
    GROUP BY 1, 2, 3
    HAVING count(*) FILTER (WHERE sent_at IS NOT NULL OR status IN ('delivered', 'permanently_failed')) > 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO message_stat_deltas (account_id, hour, channel_id, sent, delivered, failed)
    SELECT account_id, date_trunc('hour', created_at), channel_id,
      -count(*) FILTER (WHERE sent_at IS NOT NULL), -count(*) FILTER (WHERE status = 'delivered'),
      -count(*) FILTER (WHERE status = 'permanently_failed')
    FROM old_rows WHERE direction = 'outbound'
    GROUP BY 1, 2, 3
    HAVING count(*) FILTER (WHERE sent_at IS NOT NULL OR status IN ('delivered', 'permanently_failed')) > 0;
  ELSE
    INSERT INTO message_stat_deltas (account_id, hour, channel_id, sent, delivered, failed)
    SELECT account_id, hour, channel_id, sum(sent), sum(delivered), sum(failed)
    FROM (
      SELECT account_id, date_trunc('hour', created_at) AS hour, channel_id,
        (sent_at IS NOT NULL)::int AS sent, (status = 'delivered')::int AS delivered,
        (status = 'permanently_failed')::int AS failed
      FROM new_rows
      WHERE direction = 'outbound' AND (sent_at IS NOT NULL OR status IN ('delivered', 'permanently_failed'))
      UNION ALL
      SELECT account_id, date_trunc('hour', created_at), channel_id,
        -(sent_at IS NOT NULL)::int, -(status = 'delivered')::int, -(status = 'permanently_failed')::int
      FROM old_rows
      WHERE direction = 'outbound' AND (sent_at IS NOT NULL OR status IN ('delivered', 'permanently_failed'))
    ) d
    GROUP BY 1, 2, 3
    HAVING sum(sent) <> 0 OR sum(delivered) <> 0 OR sum(failed) <> 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER message_stat_deltas_insert AFTER INSERT ON messages
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION message_stat_deltas_record();
--> statement-breakpoint
CREATE TRIGGER message_stat_deltas_update AFTER UPDATE ON messages
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION message_stat_deltas_record();
--> statement-breakpoint
CREATE TRIGGER message_stat_deltas_delete AFTER DELETE ON messages
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION message_stat_deltas_record();
--> statement-breakpoint
-- The messages already there.
INSERT INTO message_stat_deltas (account_id, hour, channel_id, sent, delivered, failed)
SELECT account_id, date_trunc('hour', created_at), channel_id,
  count(*) FILTER (WHERE sent_at IS NOT NULL), count(*) FILTER (WHERE status = 'delivered'),
  count(*) FILTER (WHERE status = 'permanently_failed')
FROM messages WHERE direction = 'outbound'
GROUP BY 1, 2, 3
HAVING count(*) FILTER (WHERE sent_at IS NOT NULL OR status IN ('delivered', 'permanently_failed')) > 0;
