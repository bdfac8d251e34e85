import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { ReconcileSettings } from './settings.js';
import { intervalOf } from './sql-interval.js';

/** Rows deleted by one pruning pass. */
export type Pruned = { idempotencyKeys: number; outboxEvents: number; auditEntries: number };

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
  return { idempotencyKeys, outboxEvents, auditEntries };
}
