import { and, eq, inArray, sql } from 'drizzle-orm';
import { audited, auditOp, resourceAuditor, withReason } from '../../audit/record-audit.js';
import type { DbOrTx } from '../../db/client.js';
import { GROUP_MESSAGE_STATUSES, type GroupMessageStatus } from '../../db/schema/group-messages.js';
import {
  channels,
  contactGroups,
  contacts,
  groupMessages,
  messages,
  templates,
} from '../../db/schema/index.js';
import { WAITING_LOCAL_TIME } from '../../dispatch/write-outcomes.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { type ListSpec, listRows, type ParsedList, presentPage } from '../../http/list-query.js';
import { iso } from '../../http/openapi.js';
import { writeEvents } from '../../outbox/write-event.js';
import { createTemplate } from '../templates/service.js';
import { approvalNeeded } from './approval-needed.js';
import type { GroupMessage, GroupMessageCreate, GroupMessageUpdate } from './schemas.js';

type GroupMessageRow = typeof groupMessages.$inferSelect;

export const groupMessageList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: groupMessages.id },
    name: { type: 'text', column: groupMessages.name },
    channel_id: { type: 'uuid', column: groupMessages.channelId },
    template_id: { type: 'uuid', column: groupMessages.templateId },
    status: { type: 'enum', column: groupMessages.status, values: GROUP_MESSAGE_STATUSES },
    scheduled_message_id: { type: 'uuid', column: groupMessages.scheduledMessageId },
    total_recipients: { type: 'number', column: groupMessages.totalRecipients },
    scheduled_at: { type: 'timestamp', column: groupMessages.scheduledAt },
    started_at: { type: 'timestamp', column: groupMessages.startedAt },
    completed_at: { type: 'timestamp', column: groupMessages.completedAt },
    created_at: { type: 'timestamp', column: groupMessages.createdAt },
    updated_at: { type: 'timestamp', column: groupMessages.updatedAt },
  },
  defaultSort: { field: 'created_at', direction: 'desc' },
  tieBreaker: groupMessages.id,
};

/** Pending messages of a broadcast held back, by why: quiet hours, or the local send time. */
export type Waiting = { quietHours: number; localTime: number };
const NOT_WAITING: Waiting = { quietHours: 0, localTime: 0 };

/** A broadcast as the API shows it, with its counts of held messages. */
export function toGroupMessage(row: GroupMessageRow, waiting: Waiting = NOT_WAITING): GroupMessage {
  const done = row.sentCount + row.failedCount + row.skippedCount + row.cancelledCount;
  return {
    id: row.id,
    name: row.name,
    channel_id: row.channelId,
    template_id: row.templateId,
    status: row.status,
    contact_group_ids: row.contactGroupIds,
    contact_ids: row.contactIds,
    exclude_contact_ids: row.excludeContactIds,
    skip_duplicates: row.skipDuplicates,
    variables: row.variables,
    send_rate: row.sendRate,
    scheduled_at: iso(row.scheduledAt),
    local_send_time: row.localSendTime,
    scheduled_message_id: row.scheduledMessageId,
    total_recipients: row.totalRecipients,
    sent_count: row.sentCount,
    delivered_count: row.deliveredCount,
    failed_count: row.failedCount,
    skipped_count: row.skippedCount,
    cancelled_count: row.cancelledCount,
    pending_count: Math.max(0, row.totalRecipients - done),
    waiting_quiet_hours: waiting.quietHours,
    waiting_local_time: waiting.localTime,
    started_at: iso(row.startedAt),
    completed_at: iso(row.completedAt),
    error_details: row.errorDetails ?? null,
    approval: row.approval ?? null,
    created_by_user_id: row.createdByUserId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const AUDITED_FIELDS = [
  'name',
  'channel_id',
  'template_id',
  'status',
  'contact_group_ids',
  'contact_ids',
  'exclude_contact_ids',
  'skip_duplicates',
  'variables',
  'send_rate',
  'scheduled_at',
  'cancelled_count',
] as const;

/** The audit entry of a broadcast created, changed or deleted; its custom variables masked. */
export const groupMessageAudit = resourceAuditor(
  'group_message',
  (row: GroupMessageRow) => toGroupMessage(row),
  AUDITED_FIELDS,
  ['variables'],
);

const invalid = (path: string, message: string, code = 'validation_failed') =>
  new ValidationError(message, [{ path, message }], code);

export async function getGroupMessage(
  ctx: OpContext,
  id: string,
  db: DbOrTx = ctx.db,
): Promise<GroupMessageRow> {
  const [row] = await db
    .select()
    .from(groupMessages)
    .where(and(eq(groupMessages.id, id), eq(groupMessages.accountId, ctx.accountId)));
  if (!row) throw new NotFoundError('Group message');
  return row;
}

/**
 * How many messages of each group are held (`scheduled`: a broadcast's messages are in that state
 * only then): for their broadcast's local send time (said in their error_details), or for quiet hours
 * to end (the others), in one query on the (group, status) index.
 */
export async function waitingCounts(ctx: OpContext, groupIds: string[]): Promise<Map<string, Waiting>> {
  if (groupIds.length === 0) return new Map();
  const local = sql`COALESCE(${messages.errorDetails}->>'code' = ${WAITING_LOCAL_TIME.code}, false)`;
  const rows = await ctx.db
    .select({
      id: messages.groupMessageId,
      localTime: sql<number>`count(*) FILTER (WHERE ${local})::int`,
      quietHours: sql<number>`count(*) FILTER (WHERE NOT ${local})::int`,
    })
    .from(messages)
    .where(
      and(
        inArray(messages.groupMessageId, groupIds),
        eq(messages.status, 'scheduled'),
        eq(messages.accountId, ctx.accountId),
      ),
    )
    .groupBy(messages.groupMessageId);
  return new Map(rows.map(({ id, ...waiting }) => [id!, waiting]));
}

export async function listGroupMessages(ctx: OpContext, parsed: ParsedList) {
  const page = await listRows(ctx.db, groupMessages, eq(groupMessages.accountId, ctx.accountId), parsed);
  const waiting = await waitingCounts(
    ctx,
    page.rows.map((r) => r.id),
  );
  return presentPage(page, (row) => toGroupMessage(row, waiting.get(row.id)));
}

/**
 * Checks that the channel, template and groups belong to the caller's account (422 naming the
 * field), and keeps only the account's own contacts of `contact_ids` and `exclude_contact_ids`.
 */
async function checkReferences(
  tx: DbOrTx,
  ctx: OpContext,
  input: {
    channel_id?: string | undefined;
    template_id?: string | undefined;
    contact_group_ids?: string[] | undefined;
    contact_ids?: string[] | undefined;
    exclude_contact_ids?: string[] | undefined;
  },
) {
  let channel: typeof channels.$inferSelect | undefined;
  if (input.channel_id) {
    [channel] = await tx
      .select()
      .from(channels)
      .where(and(eq(channels.id, input.channel_id), eq(channels.accountId, ctx.accountId)));
    if (!channel) throw invalid('channel_id', 'no such channel in this account');
  }
  if (input.template_id) {
    const [template] = await tx
      .select({ id: templates.id })
      .from(templates)
      .where(and(eq(templates.id, input.template_id), eq(templates.accountId, ctx.accountId)));
    if (!template) throw invalid('template_id', 'no such template in this account');
  }
  const groupIds = [...new Set(input.contact_group_ids ?? [])];
  if (groupIds.length > 0) {
    const found = await tx
      .select({ id: contactGroups.id })
      .from(contactGroups)
      .where(and(inArray(contactGroups.id, groupIds), eq(contactGroups.accountId, ctx.accountId)));
    const known = new Set(found.map((g) => g.id));
    const missing = groupIds.filter((id) => !known.has(id));
    if (missing.length > 0)
      throw invalid('contact_group_ids', `no such contact groups: ${missing.join(', ')}`);
  }
  return { channel, ...(await ownContacts(tx, ctx, input)) };
}

/**
 * `contact_ids` and `exclude_contact_ids` reduced to contacts of the caller's account (first-seen
 * order, de-duplicated, lower-case), in one query. Ids of another account or of no contact are
 * dropped rather than stored: a broadcast row never references another tenant's contact. (Unlike a
 * group, an explicit id that vanished is not an error: the audience is resolved at fan-out anyway.)
 */
async function ownContacts(
  tx: DbOrTx,
  ctx: OpContext,
  input: { contact_ids?: string[] | undefined; exclude_contact_ids?: string[] | undefined },
): Promise<{ contactIds?: string[]; excludeContactIds?: string[] }> {
  const distinct = (ids: string[]) => [...new Set(ids.map((id) => id.toLowerCase()))];
  const contactIds = input.contact_ids && distinct(input.contact_ids);
  const excludeContactIds = input.exclude_contact_ids && distinct(input.exclude_contact_ids);
  const all = [...(contactIds ?? []), ...(excludeContactIds ?? [])];
  if (all.length === 0) return { contactIds, excludeContactIds };
  const found = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.accountId, ctx.accountId), sql`${contacts.id} = ANY(${sql.param(all)}::uuid[])`));
  const own = new Set(found.map((row) => row.id));
  const keep = (ids: string[] | undefined) => ids?.filter((id) => own.has(id));
  return { contactIds: keep(contactIds), excludeContactIds: keep(excludeContactIds) };
}

const emptyAudience = () =>
  invalid('contact_group_ids', 'the audience is empty: give contact_group_ids or contact_ids');

/**
 * A `message_body` becomes a one-off template of its own, whose id the group message keeps: readable
 * by id, never in the template list (sending does not need, nor grant, `templates:write`).
 */
async function templateForBody(
  tx: DbOrTx,
  ctx: OpContext,
  name: string,
  body: string,
  channelType: string | null,
) {
  const template = await createTemplate(
    { ...ctx, db: tx },
    {
      name: `${name} (broadcast)`,
      message_body: body,
      channel_type: channelType ?? undefined,
    } as Parameters<typeof createTemplate>[1],
    { oneOff: true },
  );
  return template.id;
}

export function queuedEvent(ctx: OpContext, row: GroupMessageRow) {
  return {
    accountId: ctx.accountId,
    eventType: 'group_message.queued',
    aggregateType: 'group_message',
    aggregateId: row.id,
    payload: { channel_id: row.channelId, scheduled_at: row.scheduledAt?.toISOString() ?? null },
  };
}

/**
 * Creates a broadcast as a draft, or queued (dispatch starts through the `group_message.queued`
 * event). `createdBy` is its author: the calling user, or for a schedule's run the schedule's author,
 * who is then also the one asking for approval (and so cannot approve it).
 */
export async function createGroupMessage(
  tx: DbOrTx,
  ctx: OpContext,
  input: GroupMessageCreate,
  createdBy: string | null = ctx.actor.type === 'user' ? ctx.actor.userId : null,
) {
  const { channel, contactIds = [], excludeContactIds = [] } = await checkReferences(tx, ctx, input);
  if (input.contact_group_ids.length === 0 && contactIds.length === 0) throw emptyAudience();
  const status = input.status ?? 'draft';
  if (status === 'queued' && !channel!.isEnabled)
    throw invalid('channel_id', 'the channel is disabled', 'channel_disabled');
  const templateId =
    input.template_id ??
    (await templateForBody(tx, ctx, input.name, input.message_body!, channel!.channelType));
  const contactGroupIds = [...new Set(input.contact_group_ids)];
  // Over the account's approval threshold, a broadcast asked to start waits for an approver instead.
  const approval =
    status === 'queued'
      ? await approvalNeeded(tx, ctx, { contactGroupIds, contactIds, excludeContactIds }, createdBy)
      : null;
  const [row] = await tx
    .insert(groupMessages)
    .values({
      accountId: ctx.accountId,
      name: input.name,
      channelId: input.channel_id,
      templateId,
      status: approval ? 'pending_approval' : status,
      approval,
      contactGroupIds,
      contactIds,
      excludeContactIds,
      skipDuplicates: input.skip_duplicates ?? true,
      variables: input.variables ?? {},
      sendRate: input.send_rate ?? null,
      scheduledAt: input.scheduled_at ? new Date(input.scheduled_at) : null,
      localSendTime: input.local_send_time ?? null,
      createdByUserId: createdBy,
    })
    .returning();
  const created = {
    accountId: ctx.accountId,
    eventType: 'group_message.created',
    aggregateType: 'group_message',
    aggregateId: row!.id,
    payload: { status: row!.status },
  };
  await writeEvents(tx, row!.status === 'queued' ? [created, queuedEvent(ctx, row!)] : [created]);
  await auditOp(ctx, tx, groupMessageAudit('created', undefined, row!));
  return row!;
}

/** Edits a draft; any other state answers 409. */
export async function updateGroupMessage(ctx: OpContext, id: string, input: GroupMessageUpdate) {
  return ctx.db.transaction(async (tx) => {
    const current = await getGroupMessage(ctx, id, tx);
    if (current.status !== 'draft') throw new ConflictError('Only a draft can be edited', 'invalid_state');
    const { channel, contactIds, excludeContactIds } = await checkReferences(tx, ctx, input);
    let templateId = input.template_id;
    if (input.message_body !== undefined) {
      const type = channel?.channelType ?? null;
      templateId = await templateForBody(tx, ctx, input.name ?? current.name, input.message_body, type);
    }
    const [row] = await tx
      .update(groupMessages)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.channel_id !== undefined ? { channelId: input.channel_id } : {}),
        ...(templateId !== undefined ? { templateId } : {}),
        ...(input.contact_group_ids !== undefined
          ? { contactGroupIds: [...new Set(input.contact_group_ids)] }
          : {}),
        ...(contactIds !== undefined ? { contactIds } : {}),
        ...(excludeContactIds !== undefined ? { excludeContactIds } : {}),
        ...(input.skip_duplicates !== undefined ? { skipDuplicates: input.skip_duplicates } : {}),
        ...(input.variables !== undefined ? { variables: input.variables } : {}),
        ...(input.send_rate !== undefined ? { sendRate: input.send_rate } : {}),
        ...(input.scheduled_at !== undefined
          ? { scheduledAt: input.scheduled_at ? new Date(input.scheduled_at) : null }
          : {}),
        ...(input.local_send_time !== undefined ? { localSendTime: input.local_send_time } : {}),
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(groupMessages.id, id),
          eq(groupMessages.accountId, ctx.accountId),
          eq(groupMessages.status, 'draft'),
        ),
      )
      .returning();
    if (!row) throw new ConflictError('Only a draft can be edited', 'invalid_state');
    if (row.contactGroupIds.length === 0 && row.contactIds.length === 0) throw emptyAudience();
    await auditOp(ctx, tx, groupMessageAudit('updated', current, row));
    return row;
  });
}

/**
 * draft → queued; dispatch starts through the `group_message.queued` event. Over the account's
 * approval threshold: draft → pending_approval, and it is queued once approved (see approval.ts).
 */
export async function startGroupMessage(ctx: OpContext, id: string) {
  return ctx.db.transaction(async (tx) => {
    const current = await getGroupMessage(ctx, id, tx);
    const [channel] = current.channelId
      ? await tx
          .select()
          .from(channels)
          .where(and(eq(channels.id, current.channelId), eq(channels.accountId, ctx.accountId)))
      : [];
    if (!channel) throw invalid('channel_id', 'the broadcast has no channel');
    if (!channel.isEnabled) throw invalid('channel_id', 'the channel is disabled', 'channel_disabled');
    if (!current.templateId) throw invalid('template_id', 'the broadcast has no template');
    const approval = await approvalNeeded(tx, ctx, current);
    const [row] = await tx
      .update(groupMessages)
      .set({ status: approval ? 'pending_approval' : 'queued', approval, updatedAt: new Date() })
      .where(
        and(
          eq(groupMessages.id, id),
          eq(groupMessages.accountId, ctx.accountId),
          eq(groupMessages.status, 'draft'),
        ),
      )
      .returning();
    if (!row) throw new ConflictError(`A ${current.status} broadcast cannot be started`, 'invalid_state');
    if (row.status === 'queued') await writeEvents(tx, [queuedEvent(ctx, row)]);
    await auditOp(ctx, tx, groupMessageAudit('started', current, row));
    return row;
  });
}

const CANCELLABLE: GroupMessageStatus[] = ['draft', 'pending_approval', 'queued', 'processing'];

/**
 * Cancels a broadcast in one transaction: the group, its messages not yet claimed by a sender, and the
 * recipients never fanned out all count as cancelled. A sender claims a message only with a conditional
 * queued → sending update, so after this commits no message of the group reaches a provider.
 */
export async function cancelGroupMessage(ctx: OpContext, id: string) {
  return ctx.db.transaction((tx) => cancelGroupMessageIn(tx, ctx, id));
}

/** `cancelGroupMessage` in the caller's transaction (a forced channel delete cancels several). */
export async function cancelGroupMessageIn(
  tx: DbOrTx,
  ctx: OpContext,
  id: string,
  /** Why, in the audit entry, when the cancel was not asked for directly (a member removed, a channel deleted). */
  reason?: string,
) {
  const current = await getGroupMessage(ctx, id, tx);
  const [locked] = await tx
    .update(groupMessages)
    .set({ status: 'cancelled', updatedAt: new Date() })
    .where(
      and(
        eq(groupMessages.id, id),
        eq(groupMessages.accountId, ctx.accountId),
        inArray(groupMessages.status, CANCELLABLE),
      ),
    )
    .returning();
  if (!locked) throw new ConflictError(`A ${current.status} broadcast cannot be cancelled`, 'invalid_state');
  const cancelled = await tx
    .update(messages)
    .set({ status: 'cancelled', updatedAt: new Date() })
    .where(
      and(
        eq(messages.groupMessageId, id),
        eq(messages.accountId, ctx.accountId),
        inArray(messages.status, ['scheduled', 'queued', 'failed']),
      ),
    )
    .returning({ id: messages.id });
  // Recipients the fan-out never wrote: fanout_written counts the rows it wrote (a delete never lowers
  // it); rows written some other way (a broadcast older than that counter) are counted too.
  const [rows] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(messages)
    .where(and(eq(messages.groupMessageId, id), eq(messages.accountId, ctx.accountId)));
  const written = Math.max(locked.fanoutWritten, rows?.n ?? 0);
  const neverFannedOut = Math.max(0, locked.totalRecipients - written);
  const [row] = await tx
    .update(groupMessages)
    .set({
      cancelledCount: sql`${groupMessages.cancelledCount} + ${cancelled.length + neverFannedOut}`,
      completedAt: new Date(),
    })
    .where(and(eq(groupMessages.id, id), eq(groupMessages.accountId, ctx.accountId)))
    .returning();
  await writeEvents(tx, [
    {
      accountId: ctx.accountId,
      eventType: 'group_message.cancelled',
      aggregateType: 'group_message',
      aggregateId: id,
      payload: { cancelled: cancelled.length + neverFannedOut },
    },
  ]);
  await auditOp(ctx, tx, withReason(groupMessageAudit('cancelled', current, row!), reason));
  return row!;
}

const DELETABLE: GroupMessageStatus[] = ['draft', 'completed', 'partially_failed', 'failed', 'cancelled'];

/** Deletes a draft or a finished broadcast; its messages stay in the message log. */
export async function deleteGroupMessage(ctx: OpContext, id: string): Promise<void> {
  const current = await getGroupMessage(ctx, id);
  await audited(
    ctx,
    async (tx) => {
      const [deleted] = await tx.db
        .delete(groupMessages)
        .where(
          and(
            eq(groupMessages.id, id),
            eq(groupMessages.accountId, ctx.accountId),
            inArray(groupMessages.status, DELETABLE),
          ),
        )
        .returning();
      if (!deleted) {
        throw new ConflictError(
          `A ${current.status} broadcast cannot be deleted; cancel it first`,
          'invalid_state',
        );
      }
      return deleted;
    },
    (deleted) => groupMessageAudit('deleted', deleted, undefined),
  );
}
