import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/** A message this worker may now send: it is `sending`, and `attempt` is this attempt's number. */
export type ClaimedMessage = {
  id: string;
  attempt: number;
  /** The status it was claimed from: `queued` and `scheduled` start a round of attempts, `failed` continues one. */
  previousStatus: 'queued' | 'failed' | 'scheduled';
  /** Retries left in the round, as recorded by the last failed attempt. */
  retriesLeft: number | null;
};

export type ClaimRequest = { id: string; accountId: string };

// Jobs and the database clocks may differ a little; a due retry or schedule is claimable this early.
const DUE_TOLERANCE = sql.raw(`interval '1 second'`);

/**
 * queued|failed|scheduled → sending, conditional and in one statement for every id: only rows still
 * waiting (a failed one only once its retry is due, a scheduled one once its time came), of the given
 * account, and not in a cancelled group. Rows are locked in id order (no deadlock between two claims)
 * and re-checked after any wait, so a replayed job, a duplicate job or a cancel that committed first
 * leaves the row alone. Returns one entry per request: the claim, or null.
 */
export async function claimMessages(db: Db, requests: ClaimRequest[]): Promise<(ClaimedMessage | null)[]> {
  if (requests.length === 0) return [];
  const result = await db.execute<{
    id: string;
    attempts: number;
    previous_status: ClaimedMessage['previousStatus'];
    retries_left: number | null;
  }>(sql`
    WITH claimable AS (
      SELECT m.id, m.status FROM messages m
      JOIN unnest(${sql.param(requests.map((r) => r.id))}::uuid[], ${sql.param(requests.map((r) => r.accountId))}::uuid[])
        AS r(id, account_id) ON m.id = r.id AND m.account_id = r.account_id
      WHERE (m.status = 'queued'
          OR (m.status = 'failed' AND (m.next_attempt_at IS NULL OR m.next_attempt_at <= now() + ${DUE_TOLERANCE}))
          OR (m.status = 'scheduled' AND (m.scheduled_at IS NULL OR m.scheduled_at <= now() + ${DUE_TOLERANCE})))
        AND NOT EXISTS (
          SELECT 1 FROM group_messages g WHERE g.id = m.group_message_id AND g.status = 'cancelled')
      ORDER BY m.id
      FOR UPDATE OF m
    )
    UPDATE messages m SET
      status = 'sending',
      attempts = m.attempts + 1,
      sending_at = now(),
      queued_at = COALESCE(m.queued_at, now()),
      updated_at = now()
    FROM claimable c
    WHERE m.id = c.id
    RETURNING m.id, m.attempts, c.status AS previous_status,
      CASE WHEN jsonb_typeof(m.error_details->'retries_left') = 'number'
        THEN (m.error_details->>'retries_left')::int END AS retries_left`);
  const byId = new Map(
    result.rows.map((r) => [
      r.id,
      { id: r.id, attempt: r.attempts, previousStatus: r.previous_status, retriesLeft: r.retries_left },
    ]),
  );
  // Two jobs asking for the same message in one flush: only the first one gets it.
  return requests.map((r) => {
    const claim = byId.get(r.id) ?? null;
    byId.delete(r.id);
    return claim;
  });
}
