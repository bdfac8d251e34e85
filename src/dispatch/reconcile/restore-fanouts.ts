import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { JOBS, type Queues } from '../../queues/catalog.js';
import { ensureJob, readLiveJobIds } from './live-jobs.js';
import { afterKey, type ScanPosition, scanForLost } from './scan-for-lost.js';
import type { ReconcileSettings } from './settings.js';
import { intervalOf } from './sql-interval.js';

type WaitingBroadcast = {
  id: string;
  account_id: string;
  scheduled_at: Date | string | null;
  fanout_written: number;
  updated_at: string;
};

// Fan-out job ids are `fanout:<group id>:<run>`.
const FANOUT_JOB_ID = /^fanout:([0-9a-f-]{36}):/;

/**
 * Broadcasts that are `queued` or `processing` with their fan-out not finished, untouched for longer
 * than the grace, and with no live fan-out job: each gets its fan-out job back (delayed to
 * scheduled_at when that is ahead), which resumes from the group's fanout_cursor. The run number in
 * the job id is the count of message rows written so far, so it does not collide with an earlier
 * run of the same group. Broadcasts whose job is live are passed over before the limit counts
 * (`position` carries the scan from run to run). Returns how many jobs were added.
 */
export async function restoreFanouts(
  db: Db,
  queues: Queues,
  settings: ReconcileSettings,
  position: ScanPosition = { after: null },
): Promise<number> {
  // The fan-out queue holds about one job per broadcast in progress: its ids are cheap to list.
  const live = new Set(
    (await readLiveJobIds(queues.get(JOBS.fanout.queue))).map((id) => FANOUT_JOB_ID.exec(id)?.[1]),
  );
  const lost = await scanForLost<WaitingBroadcast>(
    (after, limit) =>
      db
        .execute<WaitingBroadcast>(sql`
          SELECT id, account_id, scheduled_at, fanout_written, updated_at::text FROM group_messages
          WHERE status IN ('queued', 'processing') AND fanout_completed_at IS NULL
            AND updated_at < now() - ${intervalOf(settings.queuedGraceMs)}
            ${afterKey(after)}
          ORDER BY updated_at, id
          LIMIT ${limit}`)
        .then((r) => r.rows),
    (group) => !live.has(group.id),
    (group) => ({ key: group.updated_at, id: group.id }),
    settings,
    position,
  );
  let added = 0;
  for (const group of lost) {
    const scheduledAt = group.scheduled_at ? new Date(group.scheduled_at).getTime() : 0;
    const outcome = await ensureJob(
      queues,
      'fanout',
      { groupMessageId: group.id, accountId: group.account_id, page: group.fanout_written },
      { delay: scheduledAt - Date.now(), cooldownMs: settings.failedJobCooldownMs },
    );
    if (outcome === 'added') added += 1;
  }
  return added;
}
