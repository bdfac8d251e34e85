import { and, asc, eq, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { outboxEvents } from '../db/schema/index.js';
import type { OutboxRow } from '../events/envelope.js';

/** A publish that did not get a confirm, with the reason kept in `error_message`. */
export type PublishFailure = { id: string; error: string };

/** Retry schedule of a failed publish: base·2^retry_count, capped. */
export type RetryBackoff = { baseMs: number; maxMs: number };

/**
 * The settings of a relay's claim transaction, in one statement. `idle_in_transaction_session_timeout`
 * lets PostgreSQL drop the claim's locks should the relay hang. `enable_bitmapscan = off`: every event
 * ever published left its entry in the pending index until a vacuum, and a bitmap scan (the plan
 * PostgreSQL picks for a handful of due rows) visits each of those heap rows on every claim, which
 * grew to a millisecond a claim within 30 s of single messages. A plain index scan marks the dead
 * entries it meets, and the next claims skip them without visiting the table.
 */
export function claimSettings(idleTimeoutMs: number): SQL {
  return sql`SELECT set_config('idle_in_transaction_session_timeout', ${String(Math.ceil(idleTimeoutMs))}, true),
    set_config('enable_bitmapscan', 'off', true)`;
}

/**
 * Locks up to `limit` due pending events, oldest first. SKIP LOCKED lets several relays split the
 * backlog: each takes rows no other relay holds. The locks last until the caller's transaction ends.
 */
export function claimDueEvents(tx: DbOrTx, limit: number): Promise<OutboxRow[]> {
  return tx
    .select({
      id: outboxEvents.id,
      accountId: outboxEvents.accountId,
      eventType: outboxEvents.eventType,
      aggregateType: outboxEvents.aggregateType,
      aggregateId: outboxEvents.aggregateId,
      payload: outboxEvents.payload,
      occurredAt: outboxEvents.occurredAt,
    })
    .from(outboxEvents)
    .where(and(eq(outboxEvents.status, 'pending'), lte(outboxEvents.nextAttemptAt, sql`now()`)))
    .orderBy(asc(outboxEvents.occurredAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Marks confirmed events published, in one statement. */
export async function markPublished(tx: DbOrTx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(outboxEvents)
    .set({ status: 'published', publishedAt: sql`now()`, errorMessage: null, updatedAt: sql`now()` })
    .where(inArray(outboxEvents.id, ids));
}

/**
 * Counts a failed attempt on each event and schedules the next one with exponential backoff; an
 * event past its `max_retries` becomes `failed`. Returns the ids that became `failed`.
 */
export async function recordPublishFailures(
  tx: DbOrTx,
  failures: PublishFailure[],
  backoff: RetryBackoff,
): Promise<string[]> {
  if (failures.length === 0) return [];
  const ids = failures.map((f) => f.id);
  const errors = failures.map((f) => f.error.slice(0, 500));
  const result = await tx.execute<{ id: string }>(sql`
    UPDATE outbox_events AS o SET
      retry_count = o.retry_count + 1,
      status = CASE WHEN o.retry_count + 1 > o.max_retries THEN 'failed' ELSE 'pending' END,
      next_attempt_at = now() + make_interval(
        secs => least(${backoff.baseMs}::float8 * power(2, o.retry_count), ${backoff.maxMs}::float8) / 1000
      ),
      error_message = f.error,
      updated_at = now()
    FROM unnest(${sql.param(ids)}::uuid[], ${sql.param(errors)}::text[]) AS f(id, error)
    WHERE o.id = f.id
    RETURNING o.id, o.status`);
  return (result.rows as { id: string; status: string }[])
    .filter((r) => r.status === 'failed')
    .map((r) => r.id);
}
