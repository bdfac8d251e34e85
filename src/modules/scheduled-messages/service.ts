import { and, eq } from 'drizzle-orm';
import { auditOp, resourceAuditor, withReason } from '../../audit/record-audit.js';
import type { DbOrTx } from '../../db/client.js';
import { channels, scheduledMessageRuns, scheduledMessages } from '../../db/schema/index.js';
import {
  ACTIVE_SCHEDULE_STATUSES,
  isActiveSchedule,
  SCHEDULE_RUN_OUTCOMES,
  SCHEDULE_SEND_TYPES,
  SCHEDULE_STATUSES,
  type ScheduleStatus,
} from '../../db/schema/scheduled-messages.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { type ListSpec, listRows, type ParsedList, presentPage } from '../../http/list-query.js';
import { iso } from '../../http/openapi.js';
import { writeEvents } from '../../outbox/write-event.js';
import { firstOccurrence, listOccurrences } from '../../scheduling/occurrences.js';
import { accountTimeZone } from '../accounts/service.js';
import { createTemplate } from '../templates/service.js';
import { lastRecordedOccurrence } from './run-occurrence.js';
import {
  type CheckedSchedule,
  checkScheduleDefinition,
  checkScheduleTiming,
  type ScheduleDefinition,
  timingOf,
} from './schedule-definition.js';
import { checkScheduledSend } from './scheduled-send.js';
import type {
  ScheduledMessage,
  ScheduledMessageCreate,
  ScheduledMessageRun,
  ScheduledMessageUpdate,
  ScheduledOccurrencesPreview,
} from './schemas.js';

type ScheduleRow = typeof scheduledMessages.$inferSelect;
type RunRow = typeof scheduledMessageRuns.$inferSelect;

export const scheduledMessageList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: scheduledMessages.id },
    name: { type: 'text', column: scheduledMessages.name },
    send_type: { type: 'enum', column: scheduledMessages.sendType, values: SCHEDULE_SEND_TYPES },
    status: { type: 'enum', column: scheduledMessages.status, values: SCHEDULE_STATUSES },
    channel_id: { type: 'uuid', column: scheduledMessages.channelId },
    contact_id: { type: 'uuid', column: scheduledMessages.contactId },
    template_id: { type: 'uuid', column: scheduledMessages.templateId },
    is_recurring: { type: 'boolean', column: scheduledMessages.isRecurring },
    timezone: { type: 'text', column: scheduledMessages.timezone },
    scheduled_at: { type: 'timestamp', column: scheduledMessages.scheduledAt },
    next_trigger_at: { type: 'timestamp', column: scheduledMessages.nextTriggerAt },
    last_triggered_at: { type: 'timestamp', column: scheduledMessages.lastTriggeredAt },
    trigger_count: { type: 'number', column: scheduledMessages.triggerCount },
    created_at: { type: 'timestamp', column: scheduledMessages.createdAt },
    updated_at: { type: 'timestamp', column: scheduledMessages.updatedAt },
  },
  defaultSort: { field: 'created_at', direction: 'desc' },
  tieBreaker: scheduledMessages.id,
};

export const scheduledRunList: ListSpec = {
  fields: {
    occurrence_at: { type: 'timestamp', column: scheduledMessageRuns.occurrenceAt },
    outcome: { type: 'enum', column: scheduledMessageRuns.outcome, values: SCHEDULE_RUN_OUTCOMES },
    created_at: { type: 'timestamp', column: scheduledMessageRuns.createdAt },
  },
  defaultSort: { field: 'occurrence_at', direction: 'desc' },
  tieBreaker: scheduledMessageRuns.id,
};

export function toScheduledMessage(row: ScheduleRow): ScheduledMessage {
  return {
    id: row.id,
    name: row.name,
    send_type: row.sendType,
    channel_id: row.channelId,
    contact_id: row.contactId,
    delivery_address: row.deliveryAddress,
    contact_group_ids: row.contactGroupIds,
    template_id: row.templateId,
    message_body: row.messageBody,
    subject: row.subject,
    variables: row.variables,
    local_send_time: row.localSendTime,
    scheduled_at: row.scheduledAt.toISOString(),
    scheduled_local: row.scheduledLocal,
    timezone: row.timezone,
    is_recurring: row.isRecurring,
    recurrence_rule: row.recurrenceRule,
    recurrence_end_at: iso(row.recurrenceEndAt),
    status: row.status,
    next_trigger_at: iso(row.nextTriggerAt),
    last_triggered_at: iso(row.lastTriggeredAt),
    trigger_count: row.triggerCount,
    missed_count: row.missedCount,
    last_error: row.lastError,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const AUDITED_FIELDS = [
  'name',
  'send_type',
  'channel_id',
  'contact_id',
  'delivery_address',
  'contact_group_ids',
  'template_id',
  'message_body',
  'subject',
  'variables',
  'scheduled_at',
  'timezone',
  'is_recurring',
  'recurrence_rule',
  'recurrence_end_at',
  'status',
] as const;
// A single send's address, its own body and values are written for one person: recorded as changed only.
const PERSONAL_FIELDS = ['delivery_address', 'message_body', 'subject', 'variables'];

/** The audit entry of a schedule created, changed or deleted. */
const scheduleAudit = resourceAuditor(
  'scheduled_message',
  toScheduledMessage,
  AUDITED_FIELDS,
  PERSONAL_FIELDS,
);

export function toScheduledRun(row: RunRow): ScheduledMessageRun {
  return {
    id: row.id,
    scheduled_message_id: row.scheduledMessageId,
    occurrence_at: row.occurrenceAt.toISOString(),
    outcome: row.outcome,
    message_id: row.messageId,
    group_message_id: row.groupMessageId,
    error: row.error,
    created_at: row.createdAt.toISOString(),
  };
}

const EDITABLE: ScheduleStatus[] = ['pending', 'paused'];
/** Schedules that will still run (or may be resumed): a channel they use cannot simply go away. */
export const CANCELLABLE: ScheduleStatus[] = ['pending', 'triggered', 'paused'];

/** A schedule of the caller's account (locked when `forUpdate`); another account's answers 404. */
export async function getScheduledMessage(
  ctx: OpContext,
  id: string,
  db: DbOrTx = ctx.db,
  forUpdate = false,
): Promise<ScheduleRow> {
  const query = db
    .select()
    .from(scheduledMessages)
    .where(and(eq(scheduledMessages.id, id), eq(scheduledMessages.accountId, ctx.accountId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new NotFoundError('Scheduled message');
  return row;
}

export async function listScheduledMessages(ctx: OpContext, parsed: ParsedList) {
  const page = await listRows(
    ctx.db,
    scheduledMessages,
    eq(scheduledMessages.accountId, ctx.accountId),
    parsed,
  );
  return presentPage(page, toScheduledMessage);
}

/** The runs of a schedule (triggered, missed or failed occurrences), newest first by default. */
export async function listScheduledRuns(ctx: OpContext, id: string, parsed: ParsedList) {
  await getScheduledMessage(ctx, id);
  const scope = and(
    eq(scheduledMessageRuns.scheduledMessageId, id),
    eq(scheduledMessageRuns.accountId, ctx.accountId),
  );
  const page = await listRows(ctx.db, scheduledMessageRuns, scope, parsed);
  return presentPage(page, toScheduledRun);
}

/**
 * A broadcast's message_body becomes a template once, when the schedule is saved (as POST
 * /v1/group-messages does), so runs do not create one template each.
 */
async function templateForGroupBody(
  tx: DbOrTx,
  ctx: OpContext,
  checked: CheckedSchedule,
): Promise<CheckedSchedule> {
  const content = checked.content;
  if (content.sendType !== 'group' || content.templateId || !content.messageBody || !content.channelId) {
    return checked;
  }
  const [channel] = await tx
    .select({ channelType: channels.channelType })
    .from(channels)
    .where(and(eq(channels.id, content.channelId), eq(channels.accountId, ctx.accountId)));
  const template = await createTemplate(
    { ...ctx, db: tx },
    {
      name: `${content.name ?? 'Scheduled broadcast'} (schedule)`,
      message_body: content.messageBody,
      channel_type: channel?.channelType ?? undefined,
    } as Parameters<typeof createTemplate>[1],
    { oneOff: true },
  );
  return { ...checked, content: { ...content, templateId: template.id, messageBody: null } };
}

/** Checks the definition, then dry-runs its send (422 naming the field), then stores what is sent. */
async function prepareSchedule(
  tx: DbOrTx,
  ctx: OpContext,
  def: ScheduleDefinition,
): Promise<CheckedSchedule> {
  const checked = checkScheduleDefinition(def, new Date());
  await checkScheduledSend(tx, { ...ctx, db: tx }, checked.content);
  return templateForGroupBody(tx, ctx, checked);
}

function columnsOf({ content, timing, recurrenceRule }: CheckedSchedule) {
  return {
    ...content,
    timezone: timing.timeZone,
    scheduledAt: timing.startAt,
    scheduledLocal: timing.startLocal,
    isRecurring: timing.rule !== null,
    recurrenceRule,
    recurrenceEndAt: timing.endAt,
  };
}

function scheduleEvent(row: ScheduleRow, type: string, payload: Record<string, unknown>) {
  return {
    accountId: row.accountId,
    eventType: `scheduled_message.${type}`,
    aggregateType: 'scheduled_message',
    aggregateId: row.id,
    payload: { status: row.status, next_trigger_at: iso(row.nextTriggerAt), ...payload },
  };
}

/** Creates a schedule, pending with its first occurrence; the `scheduled_message.created` event arms it. */
export async function createScheduledMessage(
  ctx: OpContext,
  input: ScheduledMessageCreate,
): Promise<ScheduleRow> {
  return ctx.db.transaction(async (tx) => {
    const timezone = input.timezone ?? (await accountTimeZone(tx, ctx.accountId));
    const checked = await prepareSchedule(tx, ctx, {
      name: input.name ?? null,
      send_type: input.send_type,
      channel_id: input.channel_id,
      contact_id: input.contact_id ?? null,
      delivery_address: input.delivery_address ?? null,
      contact_group_ids: input.contact_group_ids ?? [],
      template_id: input.template_id ?? null,
      message_body: input.message_body ?? null,
      subject: input.subject ?? null,
      variables: input.variables ?? {},
      local_send_time: input.local_send_time ?? null,
      scheduled_at: input.scheduled_at,
      timezone,
      is_recurring: input.is_recurring ?? input.recurrence_rule !== undefined,
      recurrence_rule: input.recurrence_rule ?? null,
      recurrence_end_at: input.recurrence_end_at ?? null,
    });
    const [row] = await tx
      .insert(scheduledMessages)
      .values({
        accountId: ctx.accountId,
        ...columnsOf(checked),
        status: 'pending',
        nextTriggerAt: checked.firstTriggerAt,
        createdByUserId: ctx.actor.type === 'user' ? ctx.actor.userId : null,
      })
      .returning();
    await writeEvents(tx, [scheduleEvent(row!, 'created', {})]);
    await auditOp(ctx, tx, scheduleAudit('created', undefined, row!));
    return row!;
  });
}

/** The stored definition with a PATCH applied; choosing one of a pair clears the other. */
function mergeDefinition(row: ScheduleRow, patch: ScheduledMessageUpdate): ScheduleDefinition {
  const pick = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);
  const retimed = patch.scheduled_at !== undefined || patch.timezone !== undefined;
  const audienceGiven = patch.contact_id !== undefined || patch.delivery_address !== undefined;
  const bodyGiven = patch.template_id !== undefined || patch.message_body !== undefined;
  const oneTime = patch.is_recurring === false;
  return {
    name: pick(patch.name, row.name),
    send_type: pick(patch.send_type, row.sendType),
    channel_id: pick(patch.channel_id, row.channelId ?? ''),
    contact_id: audienceGiven ? (patch.contact_id ?? null) : row.contactId,
    delivery_address: audienceGiven ? (patch.delivery_address ?? null) : row.deliveryAddress,
    contact_group_ids: pick(patch.contact_group_ids, row.contactGroupIds),
    template_id: bodyGiven ? (patch.template_id ?? null) : row.templateId,
    message_body: bodyGiven ? (patch.message_body ?? null) : row.messageBody,
    subject: pick(patch.subject, row.subject),
    variables: pick(patch.variables, row.variables),
    local_send_time: pick(patch.local_send_time, row.localSendTime),
    // A new zone alone keeps the wall-clock time: 09:00 Berlin becomes 09:00 New York.
    scheduled_at: retimed
      ? (patch.scheduled_at ?? row.scheduledLocal)
      : { startAt: row.scheduledAt, startLocal: row.scheduledLocal },
    timezone: pick(patch.timezone, row.timezone),
    is_recurring: pick(patch.is_recurring, patch.recurrence_rule ? true : row.isRecurring),
    // Turning recurrence off drops the rule and its end unless the patch names them.
    recurrence_rule: pick(patch.recurrence_rule, oneTime ? null : row.recurrenceRule),
    recurrence_end_at: pick(patch.recurrence_end_at, oneTime ? null : iso(row.recurrenceEndAt)),
  };
}

/** Edits a pending or paused schedule (409 otherwise); a pending one is re-armed for its new first occurrence. */
export async function updateScheduledMessage(
  ctx: OpContext,
  id: string,
  patch: ScheduledMessageUpdate,
): Promise<ScheduleRow> {
  return ctx.db.transaction(async (tx) => {
    const current = await getScheduledMessage(ctx, id, tx, true);
    if (!EDITABLE.includes(current.status)) {
      throw new ConflictError(
        `A ${current.status} schedule cannot be edited; pause it first`,
        'invalid_state',
      );
    }
    const checked = await prepareSchedule(tx, ctx, mergeDefinition(current, patch));
    const [row] = await tx
      .update(scheduledMessages)
      .set({
        ...columnsOf(checked),
        nextTriggerAt: current.status === 'pending' ? checked.firstTriggerAt : null,
        updatedAt: new Date(),
      })
      .where(eq(scheduledMessages.id, id))
      .returning();
    await writeEvents(tx, [
      scheduleEvent(row!, 'updated', { previous_trigger_at: iso(current.nextTriggerAt) }),
    ]);
    await auditOp(ctx, tx, scheduleAudit('updated', current, row!));
    return row!;
  });
}

type Change = Partial<typeof scheduledMessages.$inferInsert>;

/**
 * Moves a schedule from one of the `from` states under its row lock, records `event` (the verb too:
 * paused, resumed, cancelled) and audits it; in `within` when given, else in a transaction of its own.
 */
async function transition(
  ctx: OpContext,
  id: string,
  to: {
    event: string;
    from: readonly ScheduleStatus[];
    change: (row: ScheduleRow, tx: DbOrTx) => Change | Promise<Change>;
  },
  within?: DbOrTx,
  reason?: string,
): Promise<ScheduleRow> {
  const run = async (tx: DbOrTx) => {
    const current = await getScheduledMessage(ctx, id, tx, true);
    if (!to.from.includes(current.status)) {
      throw new ConflictError(`A ${current.status} schedule cannot be ${to.event}`, 'invalid_state');
    }
    const [row] = await tx
      .update(scheduledMessages)
      .set({ ...(await to.change(current, tx)), updatedAt: new Date() })
      .where(eq(scheduledMessages.id, id))
      .returning();
    const previous = { previous_trigger_at: iso(current.nextTriggerAt) };
    await writeEvents(tx, [scheduleEvent(row!, to.event, previous)]);
    await auditOp(ctx, tx, withReason(scheduleAudit(to.event, current, row!), reason));
    return row!;
  };
  return within ? run(within) : ctx.db.transaction(run);
}

/**
 * Stops an active schedule from running until it is resumed. `within` and `reason` (for the audit
 * entry) when the change was not asked for directly (a member removed).
 */
export function pauseScheduledMessage(ctx: OpContext, id: string, within?: DbOrTx, reason?: string) {
  const change = () => ({ status: 'paused', nextTriggerAt: null }) as const;
  return transition(ctx, id, { event: 'paused', from: ACTIVE_SCHEDULE_STATUSES, change }, within, reason);
}

/**
 * Resumes a paused schedule from now on: occurrences that passed while it was paused are skipped,
 * never run in a burst. Never before the last occurrence that ran, whatever this process's clock
 * says (a worker whose clock is ahead may have run one that is still ahead here). 409 when nothing
 * is left to run.
 */
export function resumeScheduledMessage(ctx: OpContext, id: string): Promise<ScheduleRow> {
  return transition(ctx, id, {
    event: 'resumed',
    from: ['paused'],
    change: async (row, tx) => {
      const now = new Date();
      const latest = await lastRecordedOccurrence(tx, row.id);
      const from = latest && latest.getTime() >= now.getTime() ? new Date(latest.getTime() + 1) : now;
      const next = firstOccurrence(timingOf(row), from);
      if (!next) {
        throw new ConflictError(
          'The schedule has no occurrence left to run; edit scheduled_at or recurrence_end_at first',
          'no_next_occurrence',
        );
      }
      return { status: row.triggerCount > 0 ? 'triggered' : 'pending', nextTriggerAt: next };
    },
  });
}

/** Cancels a schedule for good; runs already made stay. `within` and `reason` as for a pause. */
export function cancelScheduledMessage(ctx: OpContext, id: string, within?: DbOrTx, reason?: string) {
  const change = () => ({ status: 'cancelled', nextTriggerAt: null }) as const;
  return transition(ctx, id, { event: 'cancelled', from: CANCELLABLE, change }, within, reason);
}

/** Deletes a schedule and its run records (its messages stay); an active one is cancelled first. */
export async function deleteScheduledMessage(ctx: OpContext, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const current = await getScheduledMessage(ctx, id, tx, true);
    await tx.delete(scheduledMessages).where(eq(scheduledMessages.id, id));
    if (CANCELLABLE.includes(current.status)) {
      await writeEvents(tx, [
        scheduleEvent({ ...current, status: 'cancelled', nextTriggerAt: null }, 'cancelled', {
          previous_trigger_at: iso(current.nextTriggerAt),
          deleted: true,
        }),
      ]);
    }
    await auditOp(ctx, tx, scheduleAudit('deleted', current, undefined));
  });
}

/**
 * The next `count` trigger times, without side effects: from next_trigger_at while active, from now
 * for a paused schedule (as a resume would), none once it is finished.
 */
export async function listUpcomingOccurrences(ctx: OpContext, id: string, count: number): Promise<Date[]> {
  const row = await getScheduledMessage(ctx, id);
  const timing = timingOf(row);
  if (isActiveSchedule(row.status) && row.nextTriggerAt) {
    return listOccurrences(timing, { from: row.nextTriggerAt, limit: count });
  }
  if (row.status === 'paused') return listOccurrences(timing, { from: new Date(), limit: count });
  return [];
}

/**
 * The next `count` runs of a schedule that is not saved: its timing fields checked as a create
 * checks them (422 naming the field), nothing stored.
 */
export async function previewOccurrences(
  ctx: OpContext,
  input: ScheduledOccurrencesPreview,
): Promise<{ timezone: string; items: Date[] }> {
  const timezone = input.timezone ?? (await accountTimeZone(ctx.db, ctx.accountId));
  const now = new Date();
  const { timing } = checkScheduleTiming(
    {
      scheduled_at: input.scheduled_at,
      timezone,
      is_recurring: input.is_recurring ?? input.recurrence_rule !== undefined,
      recurrence_rule: input.recurrence_rule ?? null,
      recurrence_end_at: input.recurrence_end_at ?? null,
    },
    now,
  );
  return { timezone: timing.timeZone, items: listOccurrences(timing, { from: now, limit: input.count }) };
}
