import { UnrecoverableError } from 'bullmq';
import { and, eq } from 'drizzle-orm';
import { messages } from '../db/schema/index.js';
import type { EventHandler } from '../events/handlers.js';
import { retryBatchJobId } from './fanout/send-batches.js';

/**
 * Handler of `message.queued`: puts a waiting message on its send lane. A
 * queued single gets a `send` job now, a scheduled one a delayed job for its scheduled_at; a
 * broadcast message put back in the queue (a retry of one of its messages) goes to the bulk lane
 * as a batch of one. The job id carries the attempt, so a redelivered event adds nothing, and a
 * message that already moved on (sent, cancelled) gets no job.
 */
export const enqueueMessageDispatch: EventHandler = async (event, { deps, logger }) => {
  if (!event.account_id) throw new UnrecoverableError('message event without an account');
  const [row] = await deps.database.db
    .select({
      id: messages.id,
      status: messages.status,
      attempts: messages.attempts,
      scheduledAt: messages.scheduledAt,
      channelId: messages.channelId,
      groupMessageId: messages.groupMessageId,
    })
    .from(messages)
    .where(and(eq(messages.id, event.aggregate_id), eq(messages.accountId, event.account_id)));
  if (!row || (row.status !== 'queued' && row.status !== 'scheduled')) return;
  const accountId = event.account_id;
  const attempt = row.attempts + 1;
  if (row.groupMessageId) {
    if (!row.channelId) return;
    await deps.queues.enqueue(
      'send-batch',
      { groupMessageId: row.groupMessageId, accountId, channelId: row.channelId, messageIds: [row.id] },
      { jobId: retryBatchJobId(row.groupMessageId, row.id, attempt) },
    );
    return;
  }
  const delay =
    row.status === 'scheduled' && row.scheduledAt ? Math.max(0, row.scheduledAt.getTime() - Date.now()) : 0;
  await deps.queues.enqueue('send', { messageId: row.id, accountId, attempt }, delay > 0 ? { delay } : {});
  logger.debug({ message_id: row.id, attempt, delay_ms: delay }, 'message dispatch enqueued');
};

/** Events of the `message.*` family with nothing to dispatch (outcomes and inbound messages). */
export const acknowledgeMessageEvent: EventHandler = async () => {};
