import { and, eq, inArray } from 'drizzle-orm';
import { audited, auditOp, resourceAuditor } from '../../audit/record-audit.js';
import type { DbOrTx } from '../../db/client.js';
import type { GroupMessageStatus } from '../../db/schema/group-messages.js';
import { groupMessages, messages } from '../../db/schema/index.js';
import type { MessageStatus } from '../../db/schema/messages.js';
import { MESSAGE_DIRECTIONS, MESSAGE_STATUSES } from '../../db/schema/messages.js';
import { addDelta, applyGroupProgress, type GroupDelta, lockGroups } from '../../dispatch/group-progress.js';
import { lockRedrivableGroup, reopenGroupForRedrive } from '../../dispatch/redrive.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { type ListSpec, listRows, type ParsedList, presentPage } from '../../http/list-query.js';
import { iso } from '../../http/openapi.js';
import { writeEvents } from '../../outbox/write-event.js';
import type { Message } from './schemas.js';

type MessageRow = typeof messages.$inferSelect;

export const messageList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: messages.id },
    channel_id: { type: 'uuid', column: messages.channelId },
    contact_id: { type: 'uuid', column: messages.contactId },
    group_message_id: { type: 'uuid', column: messages.groupMessageId },
    scheduled_message_id: { type: 'uuid', column: messages.scheduledMessageId },
    template_id: { type: 'uuid', column: messages.templateId },
    direction: { type: 'enum', column: messages.direction, values: MESSAGE_DIRECTIONS },
    status: { type: 'enum', column: messages.status, values: MESSAGE_STATUSES },
    delivery_address: { type: 'text', column: messages.deliveryAddress },
    provider_message_id: { type: 'text', column: messages.providerMessageId },
    segments: { type: 'number', column: messages.segments },
    attempts: { type: 'number', column: messages.attempts },
    scheduled_at: { type: 'timestamp', column: messages.scheduledAt },
    sent_at: { type: 'timestamp', column: messages.sentAt },
    delivered_at: { type: 'timestamp', column: messages.deliveredAt },
    failed_at: { type: 'timestamp', column: messages.failedAt },
    created_at: { type: 'timestamp', column: messages.createdAt },
    updated_at: { type: 'timestamp', column: messages.updatedAt },
  },
  defaultSort: { field: 'created_at', direction: 'desc' },
  tieBreaker: messages.id,
};

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    channel_id: row.channelId,
    contact_id: row.contactId,
    group_message_id: row.groupMessageId,
    scheduled_message_id: row.scheduledMessageId,
    template_id: row.templateId,
    direction: row.direction,
    status: row.status,
    delivery_address: row.deliveryAddress,
    message_body: row.messageBody,
    subject: row.subject,
    media_url: row.mediaUrl,
    provider_message_id: row.providerMessageId,
    segments: row.segments,
    attempts: row.attempts,
    metadata: row.metadata,
    error_details: row.errorDetails ?? null,
    scheduled_at: iso(row.scheduledAt),
    sent_at: iso(row.sentAt),
    delivered_at: iso(row.deliveredAt),
    failed_at: iso(row.failedAt),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const AUDITED_FIELDS = [
  'channel_id',
  'contact_id',
  'template_id',
  'status',
  'delivery_address',
  'scheduled_at',
  'metadata',
] as const;
// The recipient's address and the caller's metadata may be personal data: recorded as changed only.
// The rendered body is never recorded.
const PERSONAL_FIELDS = ['delivery_address', 'metadata'];

/** What the audit log compares of a message, and which of those it masks. */
export const MESSAGE_AUDIT = { fields: AUDITED_FIELDS, personal: PERSONAL_FIELDS };

/** The audit entry of a message created, changed or deleted. */
export const messageAudit = resourceAuditor('message', toMessage, AUDITED_FIELDS, PERSONAL_FIELDS);

export async function getMessage(ctx: OpContext, id: string): Promise<MessageRow> {
  const [row] = await ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.id, id), eq(messages.accountId, ctx.accountId)));
  if (!row) throw new NotFoundError('Message');
  return row;
}

/** What a message list of the account reads: its own messages. */
export const messageScope = (accountId: string) => eq(messages.accountId, accountId);

export async function listMessages(ctx: OpContext, parsed: ParsedList) {
  const page = await listRows(ctx.db, messages, messageScope(ctx.accountId), parsed);
  return presentPage(page, toMessage);
}

/**
 * Moves a message from one of `from` to `to` with a conditional update; zero rows means the message
 * is not in a state that allows it (409), never a silent re-read.
 */
async function transition(
  db: DbOrTx,
  ctx: OpContext,
  id: string,
  from: MessageStatus[],
  set: Partial<typeof messages.$inferInsert>,
  verb: string,
): Promise<MessageRow> {
  const [row] = await db
    .update(messages)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(messages.id, id), eq(messages.accountId, ctx.accountId), inArray(messages.status, from)))
    .returning();
  if (row) return row;
  const current = await getMessage(ctx, id);
  throw new ConflictError(`A ${current.status} message cannot be ${verb}`, 'invalid_state');
}

export async function updateMessage(
  ctx: OpContext,
  id: string,
  input: { metadata?: Record<string, unknown> | undefined; status?: 'cancelled' | undefined },
): Promise<MessageRow> {
  const current = await getMessage(ctx, id);
  if (input.status === 'cancelled') {
    return ctx.db.transaction(async (tx) => {
      // A broadcast's message is counted in its group: the group row is locked first (the order of
      // every status writer), and the cancel is counted with the row, so the group still finishes.
      if (current.groupMessageId) await lockGroups(tx, [current.groupMessageId]);
      const row = await transition(
        tx,
        ctx,
        id,
        // `failed` waits for a retry (a throttling provider may put it off for long): it can be stopped too.
        ['scheduled', 'queued', 'failed'],
        { status: 'cancelled', ...(input.metadata !== undefined ? { metadata: input.metadata } : {}) },
        'cancelled',
      );
      if (row.groupMessageId) {
        const deltas = new Map<string, GroupDelta>();
        addDelta(deltas, row.groupMessageId, { cancelled: 1 });
        await applyGroupProgress(tx, deltas);
      }
      await auditOp(ctx, tx, messageAudit('cancelled', current, row));
      return row;
    });
  }
  return audited(
    ctx,
    async (tx) => {
      const [row] = await tx.db
        .update(messages)
        .set({ metadata: input.metadata ?? {}, updatedAt: new Date() })
        .where(and(eq(messages.id, id), eq(messages.accountId, ctx.accountId)))
        .returning();
      if (!row) throw new NotFoundError('Message');
      return row;
    },
    (row) => messageAudit('updated', current, row),
  );
}

/**
 * Re-queues a permanently failed message for a fresh round of attempts. A broadcast's message is
 * re-queued only where the broadcast's own `retry-failed` would be (not deleted, cancelled or a
 * draft): nothing would ever claim it otherwise.
 */
export async function retryMessage(ctx: OpContext, id: string): Promise<MessageRow> {
  const current = await getMessage(ctx, id);
  // A consent confirmation goes out despite the opt-out it confirms, once a day at most: sent again
  // by hand it would be a message to an opted-out address, as often as asked.
  if (current.direction !== 'outbound') {
    throw new ConflictError(`A ${current.direction} message cannot be retried`, 'invalid_state');
  }
  return ctx.db.transaction(async (tx) => {
    if (current.groupMessageId) await lockRedrivableGroup(tx, ctx.accountId, current.groupMessageId);
    const row = await transition(
      tx,
      ctx,
      id,
      ['permanently_failed'],
      { status: 'queued', queuedAt: new Date(), failedAt: null, nextAttemptAt: null },
      'retried',
    );
    // A broadcast message counted as failed goes back to pending, and a finished broadcast reopens.
    if (row.groupMessageId) await reopenGroupForRedrive(tx, row.groupMessageId, 1);
    await auditOp(ctx, tx, messageAudit('retried', current, row));
    await writeEvents(tx, [
      {
        accountId: ctx.accountId,
        eventType: 'message.queued',
        aggregateType: 'message',
        aggregateId: row.id,
        payload: { reason: 'retry', channel_id: row.channelId },
      },
    ]);
    return row;
  });
}

const TERMINAL: MessageStatus[] = ['sent', 'delivered', 'permanently_failed', 'cancelled', 'skipped'];
const ACTIVE_GROUP: GroupMessageStatus[] = ['queued', 'processing'];

/**
 * Deletes a message that no worker will touch again (a finished one). A message of a broadcast that
 * is still running stays until the broadcast ends: the broadcast counts it.
 */
export async function deleteMessage(ctx: OpContext, id: string): Promise<void> {
  const current = await getMessage(ctx, id);
  await ctx.db.transaction(async (tx) => {
    if (current.groupMessageId) {
      // Locked like a status writer would, so the broadcast cannot reopen (a retry) meanwhile.
      const [group] = await tx
        .select({ status: groupMessages.status })
        .from(groupMessages)
        .where(and(eq(groupMessages.id, current.groupMessageId), eq(groupMessages.accountId, ctx.accountId)))
        .for('update');
      if (group && ACTIVE_GROUP.includes(group.status)) {
        throw new ConflictError(
          `A message of a ${group.status} broadcast cannot be deleted until the broadcast ends`,
          'invalid_state',
        );
      }
    }
    const deleted = await tx
      .delete(messages)
      .where(
        and(eq(messages.id, id), eq(messages.accountId, ctx.accountId), inArray(messages.status, TERMINAL)),
      )
      .returning({ id: messages.id });
    if (deleted.length === 0) {
      throw new ConflictError('Only finished messages can be deleted; cancel it first', 'invalid_state');
    }
    await auditOp(ctx, tx, messageAudit('deleted', current, undefined));
  });
}
