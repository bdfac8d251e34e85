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
import { timestamps } from './identity.js';
import { accounts, type QuietHours } from './tenancy.js';

export const CHANNEL_TYPES = [
  'sms',
  'smpp',
  'telegram',
  'whatsapp',
  'messenger',
  'email',
  'sandbox',
] as const;
export const CHANNEL_STATUSES = ['connected', 'disconnected', 'rate_limited', 'error', 'disabled'] as const;

export const channels = pgTable(
  'channels',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    channelType: text('channel_type', { enum: CHANNEL_TYPES }).notNull(),
    /** The vendor for `sms` (twilio, africastalking, vonage, messagebird); the channel type otherwise. */
    provider: text('provider').notNull(),
    /** AES-256-GCM envelope of the credentials JSON; never returned. */
    credentialsCiphertext: text('credentials_ciphertext'),
    credentialsKeyId: text('credentials_key_id'),
    /** The masked view shown in responses, computed when credentials are written. */
    credentialsMask: jsonb('credentials_mask').$type<Record<string, string>>().notNull().default({}),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    senderName: text('sender_name'),
    defaultCountryCode: text('default_country_code'),
    rateLimit: integer('rate_limit'),
    /** Overrides the account's quiet hours for this channel. */
    quietHours: jsonb('quiet_hours').$type<QuietHours>(),
    priority: integer('priority').notNull().default(0),
    retryCount: integer('retry_count').notNull().default(3),
    /** Seconds between retries (the base of the backoff). */
    retryInterval: integer('retry_interval').notNull().default(60),
    isEnabled: boolean('is_enabled').notNull().default(true),
    status: text('status', { enum: CHANNEL_STATUSES }).notNull().default('disconnected'),
    lastVerifiedAt: timestamp('last_verified_at', { withTimezone: true, mode: 'date' }),
    errorMessage: text('error_message'),
    /**
     * The provider refused the channel itself (credentials, balance, a bind or login): it holds its
     * messages until a verify (or a session's successful bind) clears this. New settings and
     * disabling and enabling keep it, so the channel comes back in `error`.
     */
    needsVerify: boolean('needs_verify').notNull().default(false),
    /** Random path segment of this channel's webhook URLs. */
    webhookToken: text('webhook_token').notNull(),
    ...timestamps,
  },
  (t) => [
    index('channels_account_created_idx').on(t.accountId, t.createdAt),
    uniqueIndex('channels_webhook_token_key').on(t.webhookToken),
  ],
);
