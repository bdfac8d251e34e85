import { UnrecoverableError } from 'bullmq';
import { and, eq } from 'drizzle-orm';
import { groupMessages } from '../../db/schema/index.js';
import type { EventHandler } from '../../events/handlers.js';

/**
 * `group_message.queued`: adds the broadcast's fan-out job, delayed until scheduled_at when that is
 * in the future. Reads the group rather than trusting the payload, and is idempotent: the job id is
 * deterministic (`fanout:<group>:0`), and a run of a group that is no longer waiting does nothing.
 */
export const onGroupMessageQueued: EventHandler = async (event, { deps, logger }) => {
  if (!event.account_id) throw new UnrecoverableError('group_message.queued without an account');
  const [group] = await deps.database.db
    .select({
      status: groupMessages.status,
      scheduledAt: groupMessages.scheduledAt,
      fanoutCompletedAt: groupMessages.fanoutCompletedAt,
    })
    .from(groupMessages)
    .where(and(eq(groupMessages.id, event.aggregate_id), eq(groupMessages.accountId, event.account_id)));
  if (!group || group.fanoutCompletedAt || (group.status !== 'queued' && group.status !== 'processing')) {
    logger.info({ status: group?.status ?? 'missing' }, 'broadcast is not waiting for a fan-out');
    return;
  }
  const delay = group.scheduledAt ? Math.max(0, group.scheduledAt.getTime() - Date.now()) : 0;
  await deps.queues.enqueue(
    'fanout',
    { groupMessageId: event.aggregate_id, accountId: event.account_id, page: 0 },
    delay > 0 ? { delay } : {},
  );
};
