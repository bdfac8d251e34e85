import { z } from '@hono/zod-openapi';
import {
  SCHEDULE_RUN_OUTCOMES,
  SCHEDULE_SEND_TYPES,
  SCHEDULE_STATUSES,
} from '../../db/schema/scheduled-messages.js';
import { LocalSendTime } from '../group-messages/schemas.js';

export const ScheduledMessage = z
  .object({
    id: z.uuid(),
    name: z.string().nullable(),
    send_type: z.enum(SCHEDULE_SEND_TYPES),
    channel_id: z.uuid().nullable(),
    contact_id: z.uuid().nullable(),
    delivery_address: z.string().nullable(),
    contact_group_ids: z.array(z.uuid()),
    template_id: z.uuid().nullable(),
    message_body: z.string().nullable(),
    subject: z.string().nullable(),
    variables: z.record(z.string(), z.string()),
    local_send_time: z.string().nullable().openapi({
      description:
        'Extension, group schedules: carried to each run’s broadcast (see GroupMessage.local_send_time)',
    }),
    scheduled_at: z.string().openapi({ description: 'The first run (UTC)' }),
    scheduled_local: z.string().openapi({
      description: 'scheduled_at as wall-clock time in `timezone`; recurrences keep its time of day',
    }),
    timezone: z.string(),
    is_recurring: z.boolean(),
    recurrence_rule: z.string().nullable(),
    recurrence_end_at: z.string().nullable(),
    status: z.enum(SCHEDULE_STATUSES).openapi({
      description:
        'pending (active, not run yet) → triggered (active, has run) → completed (nothing left to run); failed (a one-time run could not be sent or was missed); paused; cancelled',
    }),
    next_trigger_at: z.string().nullable(),
    last_triggered_at: z.string().nullable(),
    trigger_count: z.number().int().openapi({ description: 'Runs that created a message or broadcast' }),
    missed_count: z.number().int().openapi({ description: 'Occurrences recorded as missed after an outage' }),
    last_error: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('ScheduledMessage');
export type ScheduledMessage = z.infer<typeof ScheduledMessage>;

const DateTimeInput = z.string().max(40).openapi({
  description: 'ISO 8601; without an offset it is wall-clock time in `timezone`',
  example: '2027-03-14T09:00:00',
});
const Variables = z.record(z.string().regex(/^[A-Za-z0-9_]{1,64}$/), z.string().max(5000));
const Ids = z.array(z.uuid()).max(100);

const fields = {
  name: z.string().trim().min(1).max(200),
  send_type: z.enum(SCHEDULE_SEND_TYPES),
  channel_id: z.uuid(),
  contact_id: z.uuid(),
  delivery_address: z.string().trim().min(1).max(320),
  contact_group_ids: Ids,
  template_id: z.uuid(),
  message_body: z.string().min(1).max(10_000),
  subject: z.string().max(998),
  variables: Variables,
  scheduled_at: DateTimeInput,
  timezone: z.string().min(1).max(64).openapi({ description: 'IANA time zone', example: 'Europe/Berlin' }),
  is_recurring: z.boolean(),
  recurrence_rule: z.string().max(200).openapi({
    description:
      '`daily`, `weekly:mon,wed,fri`, `monthly:15` (last day in shorter months) or `cron:EXPR` (5 or 6 fields)',
    example: 'weekly:mon,wed,fri',
  }),
  recurrence_end_at: DateTimeInput,
};

/** When a created schedule runs (also what an occurrence preview takes). */
const createTiming = {
  scheduled_at: fields.scheduled_at,
  timezone: fields.timezone.optional().openapi({ description: "IANA time zone; default: the account's" }),
  is_recurring: fields.is_recurring
    .optional()
    .openapi({ description: 'Default: true when recurrence_rule is given' }),
  recurrence_rule: fields.recurrence_rule.optional(),
  recurrence_end_at: fields.recurrence_end_at.nullable().optional(),
};

export const ScheduledMessageCreate = z
  .strictObject({
    name: fields.name.optional(),
    send_type: fields.send_type,
    channel_id: fields.channel_id,
    contact_id: fields.contact_id.optional(),
    delivery_address: fields.delivery_address.optional(),
    contact_group_ids: fields.contact_group_ids.optional(),
    template_id: fields.template_id.optional(),
    message_body: fields.message_body.optional(),
    subject: fields.subject.optional(),
    variables: fields.variables.optional(),
    local_send_time: LocalSendTime,
    ...createTiming,
  })
  .openapi('ScheduledMessageCreate');
export type ScheduledMessageCreate = z.infer<typeof ScheduledMessageCreate>;

/** Any field of a create; `null` clears an optional one. Allowed while pending or paused. */
export const ScheduledMessageUpdate = z
  .strictObject({
    name: fields.name.nullable().optional(),
    send_type: fields.send_type.optional(),
    channel_id: fields.channel_id.optional(),
    contact_id: fields.contact_id.nullable().optional(),
    delivery_address: fields.delivery_address.nullable().optional(),
    contact_group_ids: fields.contact_group_ids.optional(),
    template_id: fields.template_id.nullable().optional(),
    message_body: fields.message_body.nullable().optional(),
    subject: fields.subject.nullable().optional(),
    variables: fields.variables.optional(),
    local_send_time: LocalSendTime,
    scheduled_at: fields.scheduled_at.optional(),
    timezone: fields.timezone.optional(),
    is_recurring: fields.is_recurring.optional(),
    recurrence_rule: fields.recurrence_rule.nullable().optional(),
    recurrence_end_at: fields.recurrence_end_at.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' })
  .openapi('ScheduledMessageUpdate');
export type ScheduledMessageUpdate = z.infer<typeof ScheduledMessageUpdate>;

const OccurrenceCount = z.coerce
  .number()
  .int()
  .min(1)
  .max(100)
  .default(10)
  .openapi({ description: 'How many (1 to 100, default 10)', example: 10 });

export const OccurrencesQuery = z.object({ count: OccurrenceCount });

/** The timing fields of a create, for occurrences of a schedule that is not saved. */
export const ScheduledOccurrencesPreview = z
  .strictObject({
    ...createTiming,
    count: OccurrenceCount,
  })
  .openapi('ScheduledOccurrencesPreview');
export type ScheduledOccurrencesPreview = z.infer<typeof ScheduledOccurrencesPreview>;

export const OccurrencePreviewList = z
  .object({
    timezone: z.string().openapi({ description: 'The zone the rule was read in (canonical IANA name)' }),
    items: z.array(z.string()).openapi({ description: 'The next trigger times from now (UTC)' }),
  })
  .openapi('ScheduledOccurrencesPreviewList');

export const OccurrenceList = z
  .object({ items: z.array(z.string()).openapi({ description: 'The next trigger times (UTC)' }) })
  .openapi('ScheduledOccurrences');

export const ScheduledMessageRun = z
  .object({
    id: z.uuid(),
    scheduled_message_id: z.uuid(),
    occurrence_at: z.string(),
    outcome: z.enum(SCHEDULE_RUN_OUTCOMES),
    message_id: z.uuid().nullable(),
    group_message_id: z.uuid().nullable(),
    error: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('ScheduledMessageRun');
export type ScheduledMessageRun = z.infer<typeof ScheduledMessageRun>;
