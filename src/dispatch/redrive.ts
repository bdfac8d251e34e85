import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Queues } from '../queues/catalog.js';
import { retryBatchJobId } from './fanout/send-batches.js';

const BATCH_SIZE = 100;

/**
 * Counts `count` permanently failed messages of a group as pending again (failed_count -= count) and
 * re-opens a finished group (`processing`, no completed_at), in the caller's transaction — the one
 * that moved those messages back to `queued`. Use it for any redrive of broadcast messages
 * (`POST /v1/messages/{id}/retry` on one of them included).
 */
export async function reopenGroupForRedrive(
  tx: DbOrTx,
  groupMessageId: string,
  count: number,
): Promise<void> {
  if (count <= 0) return;
  await tx.execute(sql`
    UPDATE group_messages SET
      failed_count = failed_count - ${count},
      status = CASE WHEN status IN ('completed', 'partially_failed', 'failed') THEN 'processing' ELSE status END,
      completed_at = CASE WHEN status IN ('completed', 'partially_failed', 'failed') THEN NULL ELSE completed_at END,
      updated_at = now()
    WHERE id = ${groupMessageId}`);
}

/**
 * Locks a group message for a redrive of its messages and checks that it accepts one: 409 when the
 * broadcast is gone (deleted), cancelled or a draft — nothing would ever claim a message re-queued
 * there. Returns the group's status.
 */
export async function lockRedrivableGroup(
  tx: DbOrTx,
  accountId: string,
  groupMessageId: string,
): Promise<string> {
  const group = await tx.execute<{ status: string }>(sql`
    SELECT status FROM group_messages WHERE id = ${groupMessageId} AND account_id = ${accountId} FOR UPDATE`);
  const status = group.rows[0]?.status;
  if (!status)
    throw new ConflictError(
      'The broadcast of this message was deleted; it cannot be retried',
      'invalid_state',
    );
  if (status === 'cancelled' || status === 'draft') {
    throw new ConflictError(`A message of a ${status} broadcast cannot be retried`, 'invalid_state');
  }
  return status;
}

/**
 * Re-queues every permanently failed message of a group message for a fresh round of attempts and
 * enqueues them on the bulk lane. 404 for another account's group; 409 for a cancelled or draft one.
 */
export async function redriveFailedMessages(
  deps: { db: Db; queues: Queues },
  accountId: string,
  groupMessageId: string,
  /** Runs in the redrive's transaction with the number re-queued (the audit entry). */
  record?: (tx: DbOrTx, requeued: number) => Promise<void>,
): Promise<{ requeued: number }> {
  const requeued = await deps.db.transaction(async (tx) => {
    const group = await tx.execute<{ id: string }>(sql`
      SELECT id FROM group_messages WHERE id = ${groupMessageId} AND account_id = ${accountId}`);
    if (group.rows.length === 0) throw new NotFoundError('Group message');
    await lockRedrivableGroup(tx, accountId, groupMessageId);
    const rows = await tx.execute<{ id: string; channel_id: string; attempts: number }>(sql`
      UPDATE messages SET status = 'queued', queued_at = now(), failed_at = NULL, next_attempt_at = NULL,
        updated_at = now()
      WHERE group_message_id = ${groupMessageId} AND account_id = ${accountId} AND status = 'permanently_failed'
        AND channel_id IS NOT NULL
      RETURNING id, channel_id, attempts`);
    await reopenGroupForRedrive(tx, groupMessageId, rows.rows.length);
    await record?.(tx, rows.rows.length);
    return rows.rows;
  });

  const byChannel = new Map<string, typeof requeued>();
  for (const row of requeued) {
    const channelId = row.channel_id;
    byChannel.set(channelId, [...(byChannel.get(channelId) ?? []), row]);
  }
  for (const [channelId, rows] of byChannel) {
    for (let i = 0; i < rows.length; i += BATCH_SIZE) {
      const batch = rows.slice(i, i + BATCH_SIZE);
      const first = batch[0]!;
      await deps.queues.enqueue(
        'send-batch',
        { groupMessageId, accountId, channelId, messageIds: batch.map((r) => r.id) },
        { jobId: retryBatchJobId(groupMessageId, first.id, first.attempts + 1) },
      );
    }
  }
  return { requeued: requeued.length };
}
