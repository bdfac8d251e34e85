import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { JOBS, type Queues } from '../../queues/catalog.js';
import { ensureJob, readLiveJobIds } from './live-jobs.js';
import type { ReconcileSettings } from './settings.js';
import { intervalOf } from './sql-interval.js';

type WaitingBroadcast = { id: string; account_id: string; scheduled_at: Date | string | null };

// Fan-out job ids are `fanout:<group id>:<run>`.
const FANOUT_JOB_ID = /^fanout:([0-9a-f-]{36}):/;

/**
 * Broadcasts that are `queued` or `processing` with their fan-out not finished, untouched for longer
 * than the grace, and with no live fan-out job: each gets its fan-out job back (delayed to
 * scheduled_at when that is ahead), which resumes from the group's fanout_cursor. The run number in
 * the job id is the count of message rows written so far, so it does not collide with an earlier
 * run of the same group. Returns how many jobs were added.
 */
export async function restoreFanouts(db: Db, queues: Queues, settings: ReconcileSettings): Promise<number> {
  const waiting = await db.execute<WaitingBroadcast>(sql`
    SELECT g.id, g.account_id, g.scheduled_at FROM group_messages g
    WHERE g.status IN ('queued', 'processing') AND g.fanout_completed_at IS NULL
      AND g.updated_at < now() - ${intervalOf(settings.queuedGraceMs)}
    ORDER BY g.updated_at
    LIMIT ${settings.rowsPerStep}`);
  if (waiting.rows.length === 0) return 0;

  // The fan-out queue holds about one job per broadcast in progress: its ids are cheap to list.
  const live = new Set(
    (await readLiveJobIds(queues.get(JOBS.fanout.queue))).map((id) => FANOUT_JOB_ID.exec(id)?.[1]),
  );
  let added = 0;
  for (const group of waiting.rows) {
    if (live.has(group.id)) continue;
    // Counted only for a group that lost its job: a large broadcast has many rows.
    const written = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM messages WHERE group_message_id = ${group.id}::uuid`,
    );
    const scheduledAt = group.scheduled_at ? new Date(group.scheduled_at).getTime() : 0;
    const outcome = await ensureJob(
      queues,
      'fanout',
      { groupMessageId: group.id, accountId: group.account_id, page: written.rows[0]?.n ?? 0 },
      { delay: scheduledAt - Date.now(), cooldownMs: settings.failedJobCooldownMs },
    );
    if (outcome === 'added') added += 1;
  }
  return added;
}
