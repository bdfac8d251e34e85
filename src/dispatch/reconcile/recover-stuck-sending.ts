import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { JOBS, type Queues } from '../../queues/catalog.js';
import { lockGroups } from '../group-progress.js';
import { readJobData, readLockedActiveJobIds } from './live-jobs.js';
import type { ReconcileSettings } from './settings.js';
import { intervalOf } from './sql-interval.js';

/** A message found `sending` past the timeout, as the recovery left it. */
export type RecoveredMessage = {
  id: string;
  account_id: string;
  group_message_id: string | null;
  channel_id: string | null;
  attempts: number;
  status: 'queued' | 'cancelled';
};

// What the user sees on the message: the flag in metadata stays after a later attempt succeeds
// (a `sent` write clears error_details); error_details says why it is queued again meanwhile.
const SUSPECTED = {
  metadata: { suspected_duplicate: true },
  error: {
    code: 'suspected_duplicate',
    message:
      'The worker sending this message stopped before recording the outcome; the provider may have accepted it, so the next attempt may deliver it twice',
    retryable: true,
    reason: 'stuck_sending',
    suspected_duplicate: true,
  },
};

// Single-lane job ids are `send:<message id>:<attempt>`.
const SEND_JOB_ID = /^send:([0-9a-f-]{36}):\d+$/;

/**
 * Ids of the messages that running jobs hold while their workers keep their locks: a send job's
 * message, and every message of a send-batch job. Running jobs are few (the workers' concurrency).
 */
export async function readMessagesInLiveHands(queues: Queues): Promise<Set<string>> {
  const [singles, batches] = await Promise.all([
    readLockedActiveJobIds(queues.get(JOBS.send.queue)),
    readLockedActiveJobIds(queues.get(JOBS['send-batch'].queue)),
  ]);
  const held = new Set(singles.flatMap((id) => SEND_JOB_ID.exec(id)?.[1] ?? []));
  for (const data of await readJobData(queues.get(JOBS['send-batch'].queue), batches)) {
    const parsed = JOBS['send-batch'].payload.safeParse(data);
    if (parsed.success) for (const id of parsed.data.messageIds) held.add(id);
  }
  return held;
}

/**
 * Messages `sending` for longer than the timeout, and held by no running job whose worker still
 * holds its lock (a live worker with a slow provider is never taken for a dead one), lost their
 * worker mid-attempt (a crash, a kill,
 * an outage while recording the outcome). No adapter can prove the provider did not accept the
 * message (the sandbox included), so per invariant 4 each is recorded as a suspected duplicate
 * (metadata and error_details `suspected_duplicate: true`) and put back to `queued` for another
 * attempt — or to `cancelled` when its broadcast was cancelled meanwhile (counted in
 * cancelled_count, as the cancel would have counted it). Conditional on the row still being the
 * stuck attempt, and group rows are locked first like every status writer, so a late outcome write
 * and this recovery cannot both apply. Returns the recovered messages.
 */
export async function recoverStuckSending(
  db: Db,
  queues: Queues,
  settings: ReconcileSettings,
): Promise<RecoveredMessage[]> {
  // Read before the database: a job that starts after this read claimed its rows just now (they are
  // not past the timeout), and one that ended has written its outcomes.
  const held = await readMessagesInLiveHands(queues);
  const stuck = await db.execute<{ id: string; group_message_id: string | null }>(sql`
    SELECT id, group_message_id FROM messages
    WHERE status = 'sending' AND sending_at < now() - ${intervalOf(settings.sendingTimeoutMs)}
      AND NOT (id = ANY(${sql.param([...held])}::uuid[]))
    ORDER BY sending_at
    LIMIT ${settings.rowsPerStep}`);
  if (stuck.rows.length === 0) return [];
  const groupIds = [
    ...new Set(stuck.rows.map((r) => r.group_message_id).filter((g): g is string => g !== null)),
  ];

  return db.transaction(async (tx) => {
    await lockGroups(tx, groupIds);
    // Rows locked in id order, like the claims, so two batch writers cannot deadlock on them.
    const recovered = await tx.execute<RecoveredMessage>(sql`
      WITH still_stuck AS (
        SELECT id FROM messages
        WHERE id = ANY(${sql.param(stuck.rows.map((r) => r.id))}::uuid[])
          AND status = 'sending' AND sending_at < now() - ${intervalOf(settings.sendingTimeoutMs)}
        ORDER BY id
        FOR UPDATE
      )
      UPDATE messages m SET
        status = CASE WHEN EXISTS (
            SELECT 1 FROM group_messages g WHERE g.id = m.group_message_id AND g.status = 'cancelled')
          THEN 'cancelled' ELSE 'queued' END,
        metadata = m.metadata || ${JSON.stringify(SUSPECTED.metadata)}::jsonb,
        error_details = ${JSON.stringify(SUSPECTED.error)}::jsonb || jsonb_build_object('attempt', m.attempts),
        next_attempt_at = NULL,
        updated_at = now()
      FROM still_stuck
      WHERE m.id = still_stuck.id
      RETURNING m.id, m.account_id, m.group_message_id, m.channel_id, m.attempts, m.status`);
    const cancelledPerGroup = new Map<string, number>();
    for (const row of recovered.rows) {
      if (row.status === 'cancelled' && row.group_message_id) {
        cancelledPerGroup.set(row.group_message_id, (cancelledPerGroup.get(row.group_message_id) ?? 0) + 1);
      }
    }
    const counts = [...cancelledPerGroup].map(([id, n]) => ({ id, n }));
    if (counts.length > 0) {
      await tx.execute(sql`
        UPDATE group_messages g SET cancelled_count = g.cancelled_count + c.n, updated_at = now()
        FROM jsonb_to_recordset(${JSON.stringify(counts)}::jsonb) AS c(id uuid, n int)
        WHERE g.id = c.id`);
    }
    return recovered.rows;
  });
}
