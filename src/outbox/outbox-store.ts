import type pg from 'pg';
import type { OutboxRow } from '../events/envelope.js';

/** A publish that did not get a confirm, with the reason kept in `error_message`. */
export type PublishFailure = { id: string; error: string };

/** Retry schedule of a failed publish: base·2^retry_count, capped. */
export type RetryBackoff = { baseMs: number; maxMs: number };

/** What the relay's statements need of a connection (a pool client holding the transaction). */
export type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * Up to `limit` due pending events, oldest first, locked: SKIP LOCKED lets several relays split the
 * backlog (each takes rows no other relay holds); the locks last until the transaction ends.
 */
export function claimStatement(limit: number): string {
  return `SELECT id, account_id, event_type, aggregate_type, aggregate_id, payload, occurred_at
    FROM outbox_events WHERE status = 'pending' AND next_attempt_at <= now()
    ORDER BY occurred_at LIMIT ${Math.trunc(limit)} FOR UPDATE SKIP LOCKED`;
}

/**
 * The transaction's settings, taken before the claim. `idle_in_transaction_session_timeout` lets
 * PostgreSQL drop the claim's locks should the relay hang. `enable_bitmapscan = off`: every event
 * ever published left its entry in the pending index until a vacuum, and a bitmap scan (the plan
 * PostgreSQL picks for a handful of due rows) visits each of those heap rows on every claim, which
 * grew to a millisecond a claim within 30 s of single messages. A plain index scan marks the dead
 * entries it meets, and the next claims skip them without visiting the table.
 */
export function claimSettings(idleTimeoutMs: number): string {
  return `SET LOCAL idle_in_transaction_session_timeout = ${Math.ceil(idleTimeoutMs)};
    SET LOCAL enable_bitmapscan = off`;
}

/**
 * Opens the relay's transaction and claims a batch, in one round trip: the statements go as one
 * simple-query message (they carry no parameters: the limit and timeout are numbers of our own).
 */
export async function beginClaim(
  client: Queryable,
  limit: number,
  idleTimeoutMs: number,
): Promise<OutboxRow[]> {
  const results = (await client.query(
    `BEGIN; ${claimSettings(idleTimeoutMs)}; ${claimStatement(limit)}`,
  )) as unknown as pg.QueryResult[];
  return results[results.length - 1]!.rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    eventType: r.event_type,
    aggregateType: r.aggregate_type,
    aggregateId: r.aggregate_id,
    payload: r.payload,
    occurredAt: r.occurred_at,
  }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Marks confirmed events published and commits, in one round trip (one simple-query message). The
 * ids are the claimed rows' own, checked to be UUIDs before they are written into the statement.
 */
export async function markPublishedAndCommit(client: Queryable, ids: string[]): Promise<void> {
  if (ids.length === 0) {
    await client.query('COMMIT');
    return;
  }
  for (const id of ids) if (!UUID.test(id)) throw new Error('an outbox event id is not a UUID');
  await client.query(`UPDATE outbox_events
    SET status = 'published', published_at = now(), error_message = NULL, updated_at = now()
    WHERE id = ANY('{${ids.join(',')}}'::uuid[]); COMMIT`);
}

/**
 * Counts a failed attempt on each event and schedules the next one with exponential backoff; an
 * event past its `max_retries` becomes `failed`. Returns the ids that became `failed`.
 */
export async function recordPublishFailures(
  client: Queryable,
  failures: PublishFailure[],
  backoff: RetryBackoff,
): Promise<string[]> {
  if (failures.length === 0) return [];
  const result = await client.query<{ id: string; status: string }>(
    `UPDATE outbox_events AS o SET
      retry_count = o.retry_count + 1,
      status = CASE WHEN o.retry_count + 1 > o.max_retries THEN 'failed' ELSE 'pending' END,
      next_attempt_at = now() + make_interval(
        secs => least($3::float8 * power(2, o.retry_count), $4::float8) / 1000
      ),
      error_message = f.error,
      updated_at = now()
    FROM unnest($1::uuid[], $2::text[]) AS f(id, error)
    WHERE o.id = f.id
    RETURNING o.id, o.status`,
    [failures.map((f) => f.id), failures.map((f) => f.error.slice(0, 500)), backoff.baseMs, backoff.maxMs],
  );
  return result.rows.filter((r) => r.status === 'failed').map((r) => r.id);
}
