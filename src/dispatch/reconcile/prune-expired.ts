import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { ReconcileSettings } from './settings.js';
import { intervalOf } from './sql-interval.js';

/** Rows deleted by one pruning pass. */
export type Pruned = {
  idempotencyKeys: number;
  outboxEvents: number;
  statDeltas: number;
  auditEntries: number;
};

/** The audit log's retention (the contract's 400 days). */
export const AUDIT_RETENTION_DAYS = 400;

/** Runs a bounded DELETE until it deletes less than a full batch or the time budget is spent. */
async function deleteInBatches(
  db: Db,
  statement: SQL,
  settings: ReconcileSettings,
  until: number,
): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.execute(statement);
    const deleted = result.rowCount ?? 0;
    total += deleted;
    if (deleted < settings.pruneBatch || Date.now() >= until) return total;
  }
}

/**
 * Deletes `Idempotency-Key` records past their expiry (a replay after 24 h creates anew anyway) and
 * outbox events published longer ago than the retention (RabbitMQ's audit queue has them) and
 * audit log entries older than 400 days, batch
 * after batch until a batch comes back short, within a time budget shared by the tables (a third
 * each at least), so the tables stay flat at any sustained write rate. Bounded batches, so no
 * statement holds many row locks or runs long; the oldest go first (indexes on expires_at and on
 * published_at of published events).
 */
export async function pruneExpired(db: Db, settings: ReconcileSettings): Promise<Pruned> {
  const started = Date.now();
  const idempotencyKeys = await deleteInBatches(
    db,
    sql`DELETE FROM idempotency_keys k USING (
          SELECT account_id, scope, key FROM idempotency_keys
          WHERE expires_at < now() LIMIT ${settings.pruneBatch}) old
        WHERE k.account_id = old.account_id AND k.scope = old.scope AND k.key = old.key
          AND k.expires_at < now()`,
    settings,
    started + settings.pruneBudgetMs / 3,
  );
  const outboxEvents = await deleteInBatches(
    db,
    sql`DELETE FROM outbox_events WHERE id IN (
          SELECT id FROM outbox_events
          WHERE status = 'published' AND published_at < now() - ${intervalOf(settings.outboxRetentionMs)}
          ORDER BY published_at
          LIMIT ${settings.pruneBatch})`,
    settings,
    Date.now() + settings.pruneBudgetMs / 3,
  );
  const auditEntries = await deleteInBatches(
    db,
    sql`DELETE FROM audit_log WHERE id IN (
          SELECT id FROM audit_log
          WHERE created_at < now() - make_interval(days => ${AUDIT_RETENTION_DAYS})
          ORDER BY created_at
          LIMIT ${settings.pruneBatch})`,
    settings,
    Date.now() + settings.pruneBudgetMs / 3,
  );
  const statDeltas = await compactStatDeltas(db);
  return { idempotencyKeys, outboxEvents, statDeltas, auditEntries };
}

// Hours this recent still take most of their writes (sends, receipts) and are left as they are.
const COMPACT_AFTER = sql.raw(`interval '1 hour'`);
// Older hours rarely change again; the few late receipts for them stay as single delta rows.
const COMPACT_WITHIN = sql.raw(`interval '3 days'`);
const COMPACT_HOURS_PER_PASS = 500;

/**
 * Folds the counter deltas of GET /v1/stats/messages (one row per statement that changed a count)
 * into one row per account, hour and channel, for hours between 1 hour and 3 days old, a bounded
 * number per pass. A delta a trigger inserts meanwhile is not seen by the DELETE and stays, so the
 * sums never change. Returns the rows removed.
 */
async function compactStatDeltas(db: Db): Promise<number> {
  const result = await db.execute<{ removed: number }>(sql`
    WITH picked AS (
      SELECT account_id, hour FROM message_stat_deltas
      WHERE hour < now() - ${COMPACT_AFTER} AND hour >= now() - ${COMPACT_WITHIN}
      GROUP BY account_id, hour
      HAVING count(*) > count(DISTINCT coalesce(channel_id, '00000000-0000-0000-0000-000000000000'::uuid))
      LIMIT ${COMPACT_HOURS_PER_PASS}
    ), gone AS (
      DELETE FROM message_stat_deltas d USING picked p
      WHERE d.account_id = p.account_id AND d.hour = p.hour
      RETURNING d.*
    ), kept AS (
      INSERT INTO message_stat_deltas (account_id, hour, channel_id, sent, delivered, failed)
      SELECT account_id, hour, channel_id, sum(sent), sum(delivered), sum(failed) FROM gone
      GROUP BY 1, 2, 3
      HAVING sum(sent) <> 0 OR sum(delivered) <> 0 OR sum(failed) <> 0
      RETURNING 1
    )
    SELECT ((SELECT count(*) FROM gone) - (SELECT count(*) FROM kept))::int AS removed`);
  return result.rows[0]?.removed ?? 0;
}
