import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Queues } from '../../queues/catalog.js';
import { ensureJob } from './live-jobs.js';
import { mapChunked } from './map-chunked.js';
import type { ReconcileSettings } from './settings.js';
import { intervalOf } from './sql-interval.js';

type DueSingle = { id: string; account_id: string; attempts: number };

/**
 * Single messages that PostgreSQL says are due: `queued` for longer than the grace, `scheduled`
 * whose time has passed, `failed` whose retry is due. Each gets its `send:<id>:<attempt>` job unless
 * that job is waiting, delayed or running; the job id carries the next attempt number, so a job the
 * event consumer adds later is the same job, and a job of an attempt that already happened is not.
 * Returns how many jobs were added.
 */
export async function restoreSingleMessages(
  db: Db,
  queues: Queues,
  settings: ReconcileSettings,
): Promise<number> {
  const due = await db.execute<DueSingle>(sql`
    SELECT id, account_id, attempts FROM messages
    WHERE group_message_id IS NULL AND direction = 'outbound'
      AND ((status = 'queued' AND updated_at < now() - ${intervalOf(settings.queuedGraceMs)})
        OR (status = 'scheduled' AND COALESCE(scheduled_at, updated_at) < now() - ${intervalOf(settings.dueGraceMs)})
        OR (status = 'failed' AND COALESCE(next_attempt_at, updated_at) < now() - ${intervalOf(settings.dueGraceMs)}))
    ORDER BY updated_at
    LIMIT ${settings.rowsPerStep}`);
  const outcomes = await mapChunked(due.rows, (row) =>
    ensureJob(
      queues,
      'send',
      { messageId: row.id, accountId: row.account_id, attempt: row.attempts + 1 },
      { cooldownMs: settings.failedJobCooldownMs },
    ),
  );
  return outcomes.filter((o) => o === 'added').length;
}
