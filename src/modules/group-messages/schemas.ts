import { z } from '@hono/zod-openapi';
import { GROUP_MESSAGE_STATUSES } from '../../db/schema/group-messages.js';

export const LOCAL_SEND_TIME =
  'Extension. `HH:MM` (24-hour): each recipient gets the message at the first such wall-clock time in their own time zone (the contact’s `timezone`, else their phone number’s country when it has one zone, else the account’s) at or after the broadcast starts (`scheduled_at`, else when it is started). A zone where that time has already passed goes to the next day’s. DST-exact; a time inside a spring-forward gap moves forward by the gap. null: everyone at once.';

/** `HH:MM`, 24-hour. */
export const LocalSendTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM (24-hour)' })
  .nullable()
  .optional()
  .openapi({ description: LOCAL_SEND_TIME, example: '09:00' });

export const GroupMessage = z
  .object({
    id: z.uuid(),
    name: z.string(),
    channel_id: z.uuid().nullable(),
    template_id: z.uuid().nullable(),
    status: z.enum(GROUP_MESSAGE_STATUSES),
    contact_group_ids: z.array(z.uuid()),
    contact_ids: z.array(z.uuid()),
    exclude_contact_ids: z.array(z.uuid()),
    skip_duplicates: z.boolean(),
    variables: z.record(z.string(), z.string()),
    send_rate: z.number().int().nullable(),
    scheduled_at: z.string().nullable(),
    local_send_time: z.string().nullable().openapi({ description: LOCAL_SEND_TIME }),
    scheduled_message_id: z.uuid().nullable(),
    total_recipients: z.number().int(),
    sent_count: z.number().int(),
    delivered_count: z.number().int().openapi({ description: 'Counted within sent_count' }),
    failed_count: z.number().int(),
    skipped_count: z.number().int(),
    cancelled_count: z.number().int(),
    pending_count: z.number().int().openapi({ description: 'total − sent − failed − skipped − cancelled' }),
    waiting_quiet_hours: z.number().int().openapi({
      description:
        'Pending messages waiting for the end of quiet hours in their recipient’s time zone (within pending_count)',
    }),
    waiting_local_time: z.number().int().openapi({
      description:
        'Pending messages waiting for the broadcast’s local_send_time in their recipient’s time zone (within pending_count; extension)',
    }),
    started_at: z.string().nullable(),
    completed_at: z.string().nullable(),
    error_details: z.record(z.string(), z.unknown()).nullable().openapi({
      description:
        'Why the broadcast ended without sending everything, e.g. `{ "code": "channel_deleted" }` when its channel was deleted mid-way (extension)',
    }),
    approval: z
      .object({
        recipients: z.number().int(),
        threshold: z.number().int(),
        requested_at: z.string(),
        requested_by_user_id: z.uuid().nullable(),
        decision: z.enum(['approved', 'rejected']).nullable(),
        decided_by_user_id: z.uuid().nullable(),
        decided_at: z.string().nullable(),
        reason: z.string().nullable(),
      })
      .nullable()
      .openapi({
        description:
          'Set when the broadcast needed approval (more recipients than the account’s approval_threshold): who asked, who decided, when (extension)',
      }),
    created_by_user_id: z.uuid().nullable().openapi({
      description: 'The user who created it (null: an API key); they may not approve it (extension)',
    }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('GroupMessage');
export type GroupMessage = z.infer<typeof GroupMessage>;

const Ids = (max: number) => z.array(z.uuid()).max(max);
const Variables = z.record(z.string().regex(/^[A-Za-z0-9_]{1,64}$/), z.string().max(5000));

const fields = {
  name: z.string().trim().min(1).max(200),
  channel_id: z.uuid(),
  template_id: z.uuid().optional(),
  message_body: z.string().min(1).max(10_000).optional(),
  contact_group_ids: Ids(100).default([]),
  contact_ids: Ids(10_000).optional(),
  exclude_contact_ids: Ids(10_000).optional(),
  skip_duplicates: z.boolean().optional(),
  variables: Variables.optional(),
  send_rate: z.number().int().min(1).max(100_000).nullable().optional().openapi({
    description: 'Messages per second for this broadcast (within the channel rate limit)',
  }),
  scheduled_at: z.iso.datetime({ offset: true }).nullable().optional(),
  local_send_time: LocalSendTime,
};

export const GroupMessageCreate = z
  .strictObject({ ...fields, status: z.enum(['draft', 'queued']).optional() })
  .superRefine((v, ctx) => {
    if ((v.template_id === undefined) === (v.message_body === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['message_body'],
        message: 'give exactly one of template_id and message_body',
      });
    }
    if (v.contact_group_ids.length === 0 && (v.contact_ids?.length ?? 0) === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['contact_group_ids'],
        message: 'the audience is empty: give contact_group_ids or contact_ids',
      });
    }
  })
  .openapi('GroupMessageCreate');
export type GroupMessageCreate = z.infer<typeof GroupMessageCreate>;

export const GroupMessageUpdate = z
  .strictObject({
    name: fields.name.optional(),
    channel_id: fields.channel_id.optional(),
    template_id: fields.template_id,
    message_body: fields.message_body,
    contact_group_ids: Ids(100).optional(),
    contact_ids: fields.contact_ids,
    exclude_contact_ids: fields.exclude_contact_ids,
    skip_duplicates: fields.skip_duplicates,
    variables: fields.variables,
    send_rate: fields.send_rate,
    scheduled_at: fields.scheduled_at,
    local_send_time: fields.local_send_time,
  })
  .refine((v) => !(v.template_id !== undefined && v.message_body !== undefined), {
    path: ['message_body'],
    message: 'give at most one of template_id and message_body',
  })
  .openapi('GroupMessageUpdate');
export type GroupMessageUpdate = z.infer<typeof GroupMessageUpdate>;
