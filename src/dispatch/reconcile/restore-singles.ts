import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { JOBS, type Queues } from '../../queues/catalog.js';
import { ensureJob, readLiveJobIds } from './live-jobs.js';
import { mapChunked } from './map-chunked.js';
import { afterKey, type ScanPosition, scanForLost } from './scan-for-lost.js';
import type { ReconcileSettings } from './settings.js';
import { intervalOf } from './sql-interval.js';

type DueSingle = { id: string; account_id: string; attempts: number; updated_at: string };

// Single-lane job ids are `send:<message id>:<attempt>`.
const SEND_JOB_ID = /^send:([0-9a-f-]{36}):(\d+)$/;

/**
 * Single messages that PostgreSQL says are due: `queued` for longer than the grace, `scheduled`
 * whose time has passed, `failed` whose retry is due. Each gets its `send:<id>:<attempt>` job unless
 * that job is waiting, delayed or running; the job id carries the next attempt number, so a job the
 * event consumer adds later is the same job, and a job of an attempt that already happened is not.
 *
 * The live jobs are read from Redis first and the rows they hold are passed over before the limit
 * counts (a throttled channel's backlog of waiting messages never hides a lost one), reading at most
 * `scanPerStep` rows a run; `position` carries the scan to the next run. Returns how many jobs were
 * added.
 */
export async function restoreSingleMessages(
  db: Db,
  queues: Queues,
  settings: ReconcileSettings,
  position: ScanPosition = { after: null },
): Promise<number> {
  const live = new Set(
    (await readLiveJobIds(queues.get(JOBS.send.queue))).flatMap((id) => {
      const match = SEND_JOB_ID.exec(id);
      return match ? [`${match[1]}:${match[2]}`] : [];
    }),
  );
  const lost = await scanForLost<DueSingle>(
    (after, limit) =>
      db
        .execute<DueSingle>(sql`
          SELECT id, account_id, attempts, updated_at::text FROM messages
          WHERE group_message_id IS NULL AND direction = 'outbound'
            AND ((status = 'queued' AND updated_at < now() - ${intervalOf(settings.queuedGraceMs)})
              OR (status = 'scheduled' AND COALESCE(scheduled_at, updated_at) < now() - ${intervalOf(settings.dueGraceMs)})
              OR (status = 'failed' AND COALESCE(next_attempt_at, updated_at) < now() - ${intervalOf(settings.dueGraceMs)}))
            ${afterKey(after)}
          ORDER BY updated_at, id
          LIMIT ${limit}`)
        .then((r) => r.rows),
    (row) => !live.has(`${row.id}:${row.attempts + 1}`),
    (row) => ({ key: row.updated_at, id: row.id }),
    settings,
    position,
  );
  const outcomes = await mapChunked(lost, (row) =>
    ensureJob(
      queues,
      'send',
      { messageId: row.id, accountId: row.account_id, attempt: row.attempts + 1 },
      { cooldownMs: settings.failedJobCooldownMs },
    ),
  );
  return outcomes.filter((o) => o === 'added').length;
}
