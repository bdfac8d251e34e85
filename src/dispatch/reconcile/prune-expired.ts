import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { ReconcileSettings } from './settings.js';
import { intervalOf } from './sql-interval.js';

/** Rows deleted by one pruning pass. */
export type Pruned = { idempotencyKeys: number; outboxEvents: number };

/** Runs a bounded DELETE until it deletes less than a full batch or the pass's budget is spent. */
async function deleteInBatches(db: Db, statement: SQL, settings: ReconcileSettings): Promise<number> {
  let total = 0;
  for (let i = 0; i < settings.pruneBatchesPerRun; i++) {
    const result = await db.execute(statement);
    const deleted = result.rowCount ?? 0;
    total += deleted;
    if (deleted < settings.pruneBatch) break;
  }
  return total;
}

/**
 * Deletes `Idempotency-Key` records past their expiry (a replay after 24 h creates anew anyway) and
 * outbox events published longer ago than the retention (RabbitMQ's audit queue has them). Small
 * batches, so no statement holds many row locks or runs long.
 */
export async function pruneExpired(db: Db, settings: ReconcileSettings): Promise<Pruned> {
  const idempotencyKeys = await deleteInBatches(
    db,
    sql`DELETE FROM idempotency_keys k USING (
          SELECT account_id, scope, key FROM idempotency_keys
          WHERE expires_at < now() LIMIT ${settings.pruneBatch}) old
        WHERE k.account_id = old.account_id AND k.scope = old.scope AND k.key = old.key
          AND k.expires_at < now()`,
    settings,
  );
  const outboxEvents = await deleteInBatches(
    db,
    sql`DELETE FROM outbox_events WHERE id IN (
          SELECT id FROM outbox_events
          WHERE status = 'published' AND published_at < now() - ${intervalOf(settings.outboxRetentionMs)}
          LIMIT ${settings.pruneBatch})`,
    settings,
  );
  return { idempotencyKeys, outboxEvents };
}
