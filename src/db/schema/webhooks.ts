import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { contacts } from './contacts.js';
import { accounts } from './tenancy.js';

export const WEBHOOK_EVENT_KINDS = ['status', 'inbound', 'opt_out'] as const;
/**
 * `pending`: not applied yet; `waiting`: a receipt whose message is not recorded yet (retried until
 * it appears, then `applied`, or `orphaned` after a day); `applied`; `ignored` (a status we do not
 * act on, or a channel that no longer exists).
 */
export const WEBHOOK_EVENT_STATES = ['pending', 'waiting', 'applied', 'ignored', 'orphaned'] as const;

/**
 * The inbox of provider webhooks: the API stores each normalized event here (one multi-row insert
 * per flush) and answers; the `webhooks` worker role applies them to messages in batches. The
 * unique key makes a webhook delivered twice a no-op, and a receipt that arrives before its send is
 * recorded waits here instead of being lost.
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    // No foreign key: a deleted channel's late webhooks are stored and ignored, like its messages' ids.
    channelId: uuid('channel_id').notNull(),
    kind: text('kind', { enum: WEBHOOK_EVENT_KINDS }).notNull(),
    providerMessageId: text('provider_message_id').notNull(),
    /** What makes two events the same: `inbound`, `opt_out`, or `status:<normalized status>[:<vendor status>]`. */
    dedupeKey: text('dedupe_key').notNull(),
    /** The normalized event (StatusEvent or InboundMessage, dates as ISO strings). */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    state: text('state', { enum: WEBHOOK_EVENT_STATES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('webhook_events_dedupe_key').on(t.channelId, t.providerMessageId, t.dedupeKey),
    // The worker's scan: only unprocessed rows, due first.
    index('webhook_events_due_idx').on(t.nextAttemptAt).where(sql`${t.state} IN ('pending', 'waiting')`),
    index('webhook_events_processed_idx').on(t.processedAt).where(sql`${t.processedAt} IS NOT NULL`),
    // The parts of a long inbound message that arrive one by one (InboundMessage.part), found together.
    index('webhook_events_inbound_part_idx')
      .on(t.channelId, sql`(${t.payload} -> 'part' ->> 'group')`)
      .where(sql`${t.kind} = 'inbound' AND ${t.payload} ? 'part'`),
  ],
);

/** Per contact and channel, when the contact last wrote to us (WhatsApp's 24-hour window reads it). */
export const contactChannelActivity = pgTable(
  'contact_channel_activity',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id').notNull(),
    lastInboundAt: timestamp('last_inbound_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.channelId] })],
);

export const OPT_OUT_SOURCES = ['keyword', 'provider', 'unsubscribe_link', 'api', 'import'] as const;

/** Addresses that must not be sent to on a channel type (contract: Consent). No API yet. */
export const optOuts = pgTable(
  'opt_outs',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    channelType: text('channel_type').notNull(),
    address: text('address').notNull(),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    source: text('source', { enum: OPT_OUT_SOURCES }).notNull(),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('opt_outs_account_type_address_key').on(t.accountId, t.channelType, t.address)],
);

/**
 * When an address last got a consent confirmation on a channel, by kind (`opt_out`, `opt_in`): a
 * STOP / START exchange is confirmed at most once a day per kind, so a sender toggling (or forged
 * keywords on a channel whose provider signs nothing) cannot make the channel text an address
 * without end.
 */
export const consentConfirmations = pgTable(
  'consent_confirmations',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id').notNull(),
    address: text('address').notNull(),
    kind: text('kind', { enum: ['opt_out', 'opt_in'] }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.address, t.kind] })],
);
