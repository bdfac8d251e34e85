import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { channels } from './channels.js';
import { contacts } from './contacts.js';
import { timestamps, users } from './identity.js';
import { templates } from './templates.js';
import { accounts } from './tenancy.js';

export const SCHEDULE_SEND_TYPES = ['single', 'group'] as const;
export type ScheduleSendType = (typeof SCHEDULE_SEND_TYPES)[number];

export const SCHEDULE_STATUSES = [
  'pending',
  'triggered',
  'completed',
  'failed',
  'paused',
  'cancelled',
] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];
/** Statuses in which a schedule still runs (has a next occurrence and a job for it). */
export const ACTIVE_SCHEDULE_STATUSES = ['pending', 'triggered'] as const satisfies readonly ScheduleStatus[];
export const isActiveSchedule = (status: string) =>
  (ACTIVE_SCHEDULE_STATUSES as readonly string[]).includes(status);

export const SCHEDULE_RUN_OUTCOMES = ['triggered', 'missed', 'failed'] as const;
export type ScheduleRunOutcome = (typeof SCHEDULE_RUN_OUTCOMES)[number];

/**
 * A message (single) or broadcast (group) sent at a time or on a recurrence. PostgreSQL is the
 * truth: `next_trigger_at` of an active schedule always names the occurrence its job is for, and the
 * reconciler rebuilds missing jobs from it.
 */
export const scheduledMessages = pgTable(
  'scheduled_messages',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name'),
    sendType: text('send_type', { enum: SCHEDULE_SEND_TYPES }).notNull(),
    channelId: uuid('channel_id').references(() => channels.id, { onDelete: 'set null' }),
    // Audience: a contact or an address (single), contact groups (group).
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    deliveryAddress: text('delivery_address'),
    contactGroupIds: uuid('contact_group_ids').array().notNull().default(sql`'{}'::uuid[]`),
    templateId: uuid('template_id').references(() => templates.id, { onDelete: 'set null' }),
    messageBody: text('message_body'),
    subject: text('subject'),
    variables: jsonb('variables').$type<Record<string, string>>().notNull().default({}),
    timezone: text('timezone').notNull(),
    /** The first instant it may run at. */
    scheduledAt: timestamp('scheduled_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The wall-clock date-time in `timezone` it was given as; recurrences keep its time of day. */
    scheduledLocal: text('scheduled_local').notNull(),
    /** Group schedules: each run's broadcast reaches every recipient at this `HH:MM` in their zone. */
    localSendTime: text('local_send_time'),
    isRecurring: boolean('is_recurring').notNull().default(false),
    recurrenceRule: text('recurrence_rule'),
    recurrenceEndAt: timestamp('recurrence_end_at', { withTimezone: true, mode: 'date' }),
    status: text('status', { enum: SCHEDULE_STATUSES }).notNull().default('pending'),
    nextTriggerAt: timestamp('next_trigger_at', { withTimezone: true, mode: 'date' }),
    lastTriggeredAt: timestamp('last_triggered_at', { withTimezone: true, mode: 'date' }),
    triggerCount: integer('trigger_count').notNull().default(0),
    missedCount: integer('missed_count').notNull().default(0),
    lastError: text('last_error'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    index('scheduled_messages_account_created_idx').on(t.accountId, t.createdAt),
    // The reconciler's scan of active schedules.
    index('scheduled_messages_active_idx')
      .on(t.nextTriggerAt)
      .where(sql`${t.status} IN ('pending', 'triggered')`),
  ],
);

/**
 * One row per occurrence of a schedule: the unique key is what makes each occurrence run exactly
 * once, whatever the number of scheduler processes and restarts.
 */
export const scheduledMessageRuns = pgTable(
  'scheduled_message_runs',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    scheduledMessageId: uuid('scheduled_message_id')
      .notNull()
      .references(() => scheduledMessages.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    occurrenceAt: timestamp('occurrence_at', { withTimezone: true, mode: 'date' }).notNull(),
    outcome: text('outcome', { enum: SCHEDULE_RUN_OUTCOMES }).notNull(),
    messageId: uuid('message_id'),
    groupMessageId: uuid('group_message_id'),
    error: text('error'),
    // clock_timestamp(), not now(): the moment the row is written, after the message row, so
    // created_at − occurrence_at is the trigger's lateness.
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [
    uniqueIndex('scheduled_message_runs_occurrence_key').on(t.scheduledMessageId, t.occurrenceAt),
    index('scheduled_message_runs_account_idx').on(t.accountId, t.createdAt),
  ],
);
