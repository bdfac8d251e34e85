import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { channels } from './channels.js';
import { timestamps, users } from './identity.js';
import { templates } from './templates.js';
import { accounts } from './tenancy.js';

export const GROUP_MESSAGE_STATUSES = [
  'draft',
  'pending_approval',
  'queued',
  'processing',
  'completed',
  'partially_failed',
  'failed',
  'cancelled',
] as const;
export type GroupMessageStatus = (typeof GROUP_MESSAGE_STATUSES)[number];

/** The approval a broadcast needed (the account's threshold) and who decided it, when. */
export type GroupMessageApproval = {
  recipients: number;
  threshold: number;
  requested_at: string;
  requested_by_user_id: string | null;
  decision: 'approved' | 'rejected' | null;
  decided_by_user_id: string | null;
  decided_at: string | null;
  reason: string | null;
};

/**
 * A broadcast. Counters are maintained in batches by the fan-out and send workers;
 * `pending` is derived (total − sent − failed − skipped − cancelled) so the sum always holds.
 */
export const groupMessages = pgTable(
  'group_messages',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    channelId: uuid('channel_id').references(() => channels.id, { onDelete: 'set null' }),
    templateId: uuid('template_id').references(() => templates.id, { onDelete: 'set null' }),
    status: text('status', { enum: GROUP_MESSAGE_STATUSES }).notNull().default('draft'),
    contactGroupIds: uuid('contact_group_ids').array().notNull().default(sql`'{}'::uuid[]`),
    contactIds: uuid('contact_ids').array().notNull().default(sql`'{}'::uuid[]`),
    excludeContactIds: uuid('exclude_contact_ids').array().notNull().default(sql`'{}'::uuid[]`),
    skipDuplicates: boolean('skip_duplicates').notNull().default(true),
    variables: jsonb('variables').$type<Record<string, string>>().notNull().default({}),
    sendRate: integer('send_rate'),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true, mode: 'date' }),
    /**
     * `HH:MM`: each recipient's message is sent at the first such wall-clock time in the recipient's
     * zone at or after the broadcast's start (`scheduled_at`, else `started_at`); null: at once.
     */
    localSendTime: text('local_send_time'),
    scheduledMessageId: uuid('scheduled_message_id'),
    totalRecipients: integer('total_recipients').notNull().default(0),
    sentCount: integer('sent_count').notNull().default(0),
    deliveredCount: integer('delivered_count').notNull().default(0),
    failedCount: integer('failed_count').notNull().default(0),
    skippedCount: integer('skipped_count').notNull().default(0),
    cancelledCount: integer('cancelled_count').notNull().default(0),
    /** Keyset cursor of the fan-out (last contact id written), so a restarted fan-out resumes. */
    fanoutCursor: uuid('fanout_cursor'),
    fanoutCompletedAt: timestamp('fanout_completed_at', { withTimezone: true, mode: 'date' }),
    /**
     * Message rows the fan-out has written (never lowered by a delete): the group's send window is
     * `fanout_written − sent − failed − skipped − cancelled`, and the final total_recipients.
     */
    fanoutWritten: integer('fanout_written').notNull().default(0),
    /** Why a broadcast ended without sending everything (e.g. its channel was deleted mid-way). */
    errorDetails: jsonb('error_details').$type<Record<string, unknown>>(),
    /** Set when the broadcast needed approval (more recipients than the account's threshold). */
    approval: jsonb('approval').$type<GroupMessageApproval>(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [
    index('group_messages_account_created_idx').on(t.accountId, t.createdAt),
    index('group_messages_active_idx').on(t.status).where(sql`${t.status} IN ('queued', 'processing')`),
  ],
);
