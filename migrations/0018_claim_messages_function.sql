-- The claim of messages for sending, and the frequency cap's count it makes, as functions: one
-- round trip for a claim, capped or not. A capped claim takes its contacts' advisory locks before
-- it counts, in a statement of its own so that the count's snapshot sees every claim that
-- committed while it waited; in a function each statement takes a fresh snapshot, so the locks and
-- the claim no longer need a transaction of four round trips (BEGIN, locks, claim, COMMIT), and the
-- claim is planned once per connection, as the uncapped claim already was.

-- What one contact already had: broadcast messages sent in the rolling week (the day's among them)
-- plus those being sent right now. Two lookups on the contact's partial indexes, with no condition
-- on the account (a contact's messages are its account's): an account condition let the planner AND
-- in an index of the account's whole history. Inlined into the statement that calls it.
CREATE FUNCTION contact_cap_counts(p_contact uuid) RETURNS TABLE (day int, week int)
LANGUAGE sql STABLE AS $$
  SELECT (s.day + f.n)::int, (s.week + f.n)::int
  FROM (
    SELECT count(*) FILTER (WHERE m.sent_at >= now() - interval '1 day') AS day, count(*) AS week
    FROM messages m
    WHERE m.contact_id = p_contact AND m.group_message_id IS NOT NULL
      AND m.sent_at >= now() - interval '7 days' AND m.status <> 'sending'
  ) s
  CROSS JOIN (
    SELECT count(*) AS n FROM messages m
    WHERE m.contact_id = p_contact AND m.status = 'sending' AND m.group_message_id IS NOT NULL
  ) f
$$;
--> statement-breakpoint
-- queued|failed|scheduled → sending for every request (id, account; for a capped broadcast message
-- its contact and the cap per day / week), conditional: only rows still waiting (a failed one once
-- its retry is due, a scheduled one once its time came), of the given account, not in a cancelled
-- group, locked in id order and re-checked after any wait. A capped request is claimed only while
-- its contact's count plus the requests before it in this claim stay within the cap; otherwise it
-- is returned with `capped` and left as it was. See src/dispatch/claim-messages.ts.
CREATE FUNCTION claim_messages(
  p_ids uuid[], p_account_ids uuid[], p_cap_contacts uuid[], p_per_day int[], p_per_week int[]
) RETURNS TABLE (id uuid, attempts int, previous_status text, retries_left int, capped boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  -- The capped contacts' locks (account + contact, in key order, held to the commit): two claims
  -- for the same contact at the same instant are serialized here, and the next statement's count
  -- sees the one that committed first.
  PERFORM pg_advisory_xact_lock(l.key) FROM (
    SELECT DISTINCT hashtextextended(c.account_id::text || '/' || c.contact_id::text, 0) AS key
    FROM unnest(p_account_ids, p_cap_contacts) AS c(account_id, contact_id)
    WHERE c.contact_id IS NOT NULL
  ) l ORDER BY l.key;

  RETURN QUERY
  WITH req AS (
    SELECT * FROM unnest(p_ids, p_account_ids, p_cap_contacts, p_per_day, p_per_week)
      AS r(id, account_id, cap_contact, per_day, per_week)
  ),
  claimable AS (
    SELECT m.id, m.status, r.account_id, r.cap_contact, r.per_day, r.per_week FROM messages m
    JOIN req r ON m.id = r.id AND m.account_id = r.account_id
    WHERE (m.status = 'queued'
        OR (m.status = 'failed' AND (m.next_attempt_at IS NULL OR m.next_attempt_at <= now() + interval '1 second'))
        OR (m.status = 'scheduled' AND (m.scheduled_at IS NULL OR m.scheduled_at <= now() + interval '1 second')))
      AND NOT EXISTS (
        SELECT 1 FROM group_messages g WHERE g.id = m.group_message_id AND g.status = 'cancelled')
    ORDER BY m.id
    FOR UPDATE OF m
  ),
  had AS (
    SELECT c.account_id, c.contact_id, k.day, k.week
    FROM (SELECT DISTINCT account_id, cap_contact AS contact_id FROM req WHERE cap_contact IS NOT NULL) c
    CROSS JOIN LATERAL contact_cap_counts(c.contact_id) k
  ),
  verdict AS (
    SELECT c.id, c.status,
      c.cap_contact IS NULL OR (
        (c.per_day IS NULL OR COALESCE(h.day, 0) + c.n <= c.per_day)
        AND (c.per_week IS NULL OR COALESCE(h.week, 0) + c.n <= c.per_week)) AS allowed
    FROM (SELECT claimable.*,
        row_number() OVER (PARTITION BY claimable.account_id, claimable.cap_contact ORDER BY claimable.id) AS n
      FROM claimable) c
    LEFT JOIN had h ON h.account_id = c.account_id AND h.contact_id = c.cap_contact
  ),
  claimed AS (
    UPDATE messages m SET
      status = 'sending',
      attempts = m.attempts + 1,
      sending_at = now(),
      queued_at = COALESCE(m.queued_at, now()),
      updated_at = now()
    FROM verdict v
    WHERE m.id = v.id AND v.allowed
    RETURNING m.id, m.attempts, v.status AS previous_status,
      CASE WHEN jsonb_typeof(m.error_details->'retries_left') = 'number'
        THEN (m.error_details->>'retries_left')::int END AS retries_left
  )
  SELECT claimed.id, claimed.attempts, claimed.previous_status, claimed.retries_left, false FROM claimed
  UNION ALL
  SELECT verdict.id, NULL::int, verdict.status, NULL::int, true FROM verdict WHERE NOT verdict.allowed;
END
$$;
