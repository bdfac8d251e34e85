import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamps } from './identity.js';
import { accounts } from './tenancy.js';

export const MESSAGE_DIRECTIONS = ['outbound', 'inbound', 'system'] as const;
export const MESSAGE_STATUSES = [
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'failed',
  'permanently_failed',
  'cancelled',
  'skipped',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    // No foreign keys on channel, contact and template: a broadcast inserts these rows by the million and
    // per-row FK triggers cost more than half of the insert. The ids stay as history when the parent is
    // deleted; every insert path checks them inside the account first.
    channelId: uuid('channel_id'),
    contactId: uuid('contact_id'),
    groupMessageId: uuid('group_message_id'),
    scheduledMessageId: uuid('scheduled_message_id'),
    templateId: uuid('template_id'),
    direction: text('direction', { enum: MESSAGE_DIRECTIONS }).notNull().default('outbound'),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull(),
    deliveryAddress: text('delivery_address'),
    messageBody: text('message_body'),
    subject: text('subject'),
    /** An https URL of an image, video, audio or document sent with the body (channels that carry media). */
    mediaUrl: text('media_url'),
    /** Send-time variable overrides, kept for rendering at dispatch. */
    variables: jsonb('variables').$type<Record<string, string>>().notNull().default({}),
    providerMessageId: text('provider_message_id'),
    segments: integer('segments'),
    attempts: integer('attempts').notNull().default(0),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    errorDetails: jsonb('error_details').$type<Record<string, unknown>>(),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true, mode: 'date' }),
    queuedAt: timestamp('queued_at', { withTimezone: true, mode: 'date' }),
    sendingAt: timestamp('sending_at', { withTimezone: true, mode: 'date' }),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
    failedAt: timestamp('failed_at', { withTimezone: true, mode: 'date' }),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }),
    /** A single message that ignores quiet hours (a one-time code, a receipt). */
    transactional: boolean('transactional').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    index('messages_account_created_idx').on(t.accountId, t.createdAt),
    // An account's messages by status (`GET /v1/messages?filter=status:…`), only for the statuses a message
    // ends in when something went wrong or waits: every message passes through queued, sending and
    // sent or delivered, and each of those writes added an entry to the account's run of equal keys
    // (about 15% of the database's CPU in a broadcast, docs/BENCHMARKS.md). A list of those statuses
    // reads the account's messages by creation time instead (most of them match).
    index('messages_account_status_idx')
      .on(t.accountId, t.status)
      .where(sql`${t.status} IN ('scheduled', 'failed', 'permanently_failed', 'cancelled', 'skipped')`),
    index('messages_group_status_idx')
      .on(t.groupMessageId, t.status)
      .where(sql`${t.groupMessageId} IS NOT NULL`),
    // Exactly one message per recipient of a broadcast.
    uniqueIndex('messages_group_contact_key')
      .on(t.groupMessageId, t.contactId)
      .where(sql`${t.groupMessageId} IS NOT NULL AND ${t.contactId} IS NOT NULL`),
    index('messages_channel_provider_id_idx')
      .on(t.channelId, t.providerMessageId)
      .where(sql`${t.providerMessageId} IS NOT NULL`),
    // Watermark receipts (Messenger reads): a channel's messages to one address claimed up to a time.
    // Rows enter it when claimed, an update that already touches every index, never at fan-out.
    index('messages_channel_address_sending_idx')
      .on(t.channelId, t.deliveryAddress, t.sendingAt)
      .where(sql`${t.sendingAt} IS NOT NULL`),
    // The frequency cap's count of a contact's broadcast messages sent in the last day or week.
    // Rows enter it with their `sent` write, which already touches the status index.
    index('messages_contact_bulk_sent_idx')
      .on(t.contactId, t.sentAt)
      .where(sql`${t.groupMessageId} IS NOT NULL AND ${t.sentAt} IS NOT NULL`),
    // The frequency cap's count of a contact's broadcast messages being sent right now, looked up per
    // contact (a scan of the account's `sending` rows read every one, and every dead entry left
    // by earlier sends, on each capped claim). Rows enter it with the claim's update, as above.
    index('messages_contact_bulk_sending_idx')
      .on(t.contactId)
      .where(sql`${t.status} = 'sending' AND ${t.groupMessageId} IS NOT NULL`),
    // The reconciler's scan of work that may have lost its job.
    index('messages_pending_work_idx')
      .on(t.status, t.updatedAt)
      .where(sql`${t.status} IN ('scheduled', 'queued', 'sending', 'failed')`),
  ],
);

/** Stored responses of `Idempotency-Key` requests, per account, for 24 hours. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** `METHOD path` the key was used on. */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    responseStatus: integer('response_status'),
    // json, not jsonb: a replay must be the first response byte for byte, keys in their order.
    responseBody: json('response_body'),
    createdAt: timestamps.createdAt,
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.scope, t.key] }),
    index('idempotency_keys_expires_idx').on(t.expiresAt),
  ],
);

/**
 * Counter deltas behind GET /v1/stats/messages: per account, UTC hour of creation and channel, how a
 * statement on `messages` changed the sent / delivered / failed counts of outbound messages. Written
 * by statement-level triggers (one INSERT of a few rows per statement, never per row, and no update
 * of a shared row, so concurrent writers never wait on each other or deadlock); the stats sum them.
 */
export const messageStatDeltas = pgTable(
  'message_stat_deltas',
  {
    accountId: uuid('account_id').notNull(),
    hour: timestamp('hour', { withTimezone: true, mode: 'date' }).notNull(),
    channelId: uuid('channel_id'),
    sent: integer('sent').notNull(),
    delivered: integer('delivered').notNull(),
    failed: integer('failed').notNull(),
  },
  (t) => [index('message_stat_deltas_account_hour_idx').on(t.accountId, t.hour)],
);
