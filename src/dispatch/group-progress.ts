import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { groupProgressData, type LiveEvent } from '../live/live-event.js';
import { writeEvents } from '../outbox/write-event.js';

/** Counter changes of one group message from one batch of status writes (negative to undo). */
export type GroupDelta = {
  sent: number;
  delivered: number;
  failed: number;
  skipped: number;
  cancelled: number;
};

/** An empty delta. */
export function emptyDelta(): GroupDelta {
  return { sent: 0, delivered: 0, failed: 0, skipped: 0, cancelled: 0 };
}

/** Adds `change` to the delta of `groupId` in `deltas`. */
export function addDelta(
  deltas: Map<string, GroupDelta>,
  groupId: string,
  change: Partial<GroupDelta>,
): void {
  let delta = deltas.get(groupId);
  if (!delta) {
    delta = emptyDelta();
    deltas.set(groupId, delta);
  }
  delta.sent += change.sent ?? 0;
  delta.delivered += change.delivered ?? 0;
  delta.failed += change.failed ?? 0;
  delta.skipped += change.skipped ?? 0;
  delta.cancelled += change.cancelled ?? 0;
}

/**
 * Locks the rows of these group messages for the rest of the caller's transaction, in id order so
 * two writers never deadlock on them. A status write that touches waiting messages takes it before
 * the messages: the same order as a cancel (group, then its messages).
 */
export async function lockGroups(tx: DbOrTx, groupIds: readonly string[]): Promise<void> {
  if (groupIds.length === 0) return;
  await tx.execute(sql`
    SELECT id FROM group_messages WHERE id = ANY(${sql.param([...groupIds])}::uuid[]) ORDER BY id FOR UPDATE`);
}

/** A group's counters as one write left them, for the live `group_message.progress` event. */
type ProgressRow = {
  id: string;
  account_id: string;
  status: string;
  total_recipients: number;
  sent_count: number;
  delivered_count: number;
  failed_count: number;
  skipped_count: number;
  cancelled_count: number;
  /** clock_timestamp() in µs, taken under the group's row lock: later writes have larger versions. */
  version: string;
};

// Read while the row is locked, so it orders the writes of one group whatever order they are
// published in after their commits (concurrent flushes, several worker processes).
const progressColumns = (alias: string) =>
  sql.raw(`${alias}.id, ${alias}.account_id, ${alias}.status, ${alias}.total_recipients, ${alias}.sent_count,
  ${alias}.delivered_count, ${alias}.failed_count, ${alias}.skipped_count, ${alias}.cancelled_count,
  (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS version`);
const PROGRESS_RETURNING = progressColumns('group_messages');

/** `group_message.progress` live events from group rows; the last row of a group wins. */
export function progressEvents(rows: readonly ProgressRow[]): LiveEvent[] {
  const latest = new Map<string, ProgressRow>();
  for (const row of rows) latest.set(row.id, row);
  return [...latest.values()].map((g) => ({
    accountId: g.account_id,
    type: 'group_message.progress',
    data: groupProgressData(g),
    version: Number(g.version),
  }));
}

/** The current counters of these groups as live events (a write that changed them without deltas). */
export async function readProgress(tx: DbOrTx, groupIds: readonly string[]): Promise<LiveEvent[]> {
  if (groupIds.length === 0) return [];
  const rows = await tx.execute<ProgressRow>(sql`
    SELECT ${PROGRESS_RETURNING} FROM group_messages WHERE id = ANY(${sql.param([...groupIds])}::uuid[])`);
  return progressEvents(rows.rows);
}

/**
 * Applies counter deltas, one UPDATE for every group (rows locked in id order first), then
 * completes the groups that finished. Call in the transaction that wrote the message statuses the
 * deltas count; publish the returned progress events once it committed.
 */
export async function applyGroupProgress(tx: DbOrTx, deltas: Map<string, GroupDelta>): Promise<LiveEvent[]> {
  const rows = [...deltas.entries()]
    .filter(([, d]) => Object.values(d).some((n) => n !== 0))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, d]) => ({ id, ...d }));
  if (rows.length === 0) return [];
  // Several groups are locked in id order first (no deadlock between two writers); one is locked by
  // its UPDATE. Every writer of a broadcast waits for this row: it is held from here to the commit.
  if (rows.length > 1) {
    await lockGroups(
      tx,
      rows.map((r) => r.id),
    );
  }
  const updated = await tx.execute<ProgressRow>(sql`
    UPDATE group_messages g SET
      sent_count = g.sent_count + d.sent,
      delivered_count = g.delivered_count + d.delivered,
      failed_count = g.failed_count + d.failed,
      skipped_count = g.skipped_count + d.skipped,
      cancelled_count = g.cancelled_count + d.cancelled,
      updated_at = now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS d(id uuid, sent int, delivered int, failed int, skipped int, cancelled int)
    WHERE g.id = d.id
    RETURNING ${progressColumns('g')}`);
  // Only a group whose counters now reach its total can have finished (the rest of the condition is
  // checked under the lock by the UPDATE): usually none, and no statement.
  const finishable = updated.rows.filter(
    (g) =>
      (g.status === 'queued' || g.status === 'processing') &&
      g.total_recipients - g.sent_count - g.failed_count - g.skipped_count - g.cancelled_count <= 0,
  );
  const completed = await completeFinishedGroups(
    tx,
    finishable.map((g) => g.id),
  );
  // A receipt can fail a message of a broadcast that already finished: its final status follows.
  const refinish = rows.filter((r) => r.failed !== 0 || r.sent < 0).map((r) => r.id);
  const refinished =
    refinish.length === 0
      ? []
      : (
          await tx.execute<ProgressRow>(sql`
      UPDATE group_messages SET status = ${FINAL_STATUS}, updated_at = now()
      WHERE id = ANY(${sql.param(refinish)}::uuid[])
        AND status IN ('completed', 'partially_failed', 'failed') AND status <> ${FINAL_STATUS}
      RETURNING ${PROGRESS_RETURNING}`)
        ).rows;
  return progressEvents([...updated.rows, ...completed, ...refinished]);
}

// The status a finished broadcast ends in, from its counters.
const FINAL_STATUS = sql.raw(`CASE
  WHEN failed_count = 0 THEN 'completed'
  WHEN sent_count = 0 THEN 'failed'
  ELSE 'partially_failed' END`);

/**
 * Completes every listed group whose fan-out is done and whose pending count (total − sent − failed
 * − skipped − cancelled) reached 0: `completed` when nothing failed, `failed` when nothing was sent
 * but something failed, else `partially_failed`; records `group_message.completed` in the same
 * transaction. Idempotent: a finished group is left alone. The fan-out calls this too when it ends.
 * Returns the completed groups' rows (see `progressEvents`).
 */
export async function completeFinishedGroups(
  tx: DbOrTx,
  groupIds: readonly string[],
): Promise<ProgressRow[]> {
  if (groupIds.length === 0) return [];
  const result = await tx.execute<ProgressRow>(sql`
    UPDATE group_messages SET
      status = ${FINAL_STATUS},
      completed_at = now(),
      updated_at = now()
    WHERE id = ANY(${sql.param([...groupIds])}::uuid[])
      AND fanout_completed_at IS NOT NULL
      AND status IN ('queued', 'processing')
      AND total_recipients - sent_count - failed_count - skipped_count - cancelled_count <= 0
    RETURNING ${PROGRESS_RETURNING}`);
  await writeEvents(
    tx,
    result.rows.map((g) => ({
      accountId: g.account_id,
      eventType: 'group_message.completed',
      aggregateType: 'group_message',
      aggregateId: g.id,
      payload: {
        group_message_id: g.id,
        status: g.status,
        total_recipients: g.total_recipients,
        sent_count: g.sent_count,
        delivered_count: g.delivered_count,
        failed_count: g.failed_count,
        skipped_count: g.skipped_count,
        cancelled_count: g.cancelled_count,
      },
    })),
  );
  return result.rows;
}
