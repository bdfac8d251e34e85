import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamps, users } from './identity.js';

/** A daily window (wall-clock HH:MM in the recipient's zone) in which bulk sends wait; may wrap midnight. */
export type QuietHours = { start: string; end: string };

/** An account's consent settings (contract: Consent); every key is optional. */
export type ConsentSettings = {
  /** Inbound words, besides STOP and the others, that opt the sender out (other languages). */
  opt_out_keywords?: string[];
  /** Inbound words, besides START and UNSTOP, that opt the sender back in. */
  opt_in_keywords?: string[];
  /** The confirmation sent on SMS-like channels after an opt-out / opt-in (null: the default words). */
  opt_out_reply?: string | null;
  opt_in_reply?: string | null;
  /** At most this many broadcast messages per contact per rolling day / week (null or absent: no cap). */
  frequency_cap?: { per_day?: number | null; per_week?: number | null } | null;
  /** A broadcast to more recipients than this waits in `pending_approval` (null or absent: never). */
  approval_threshold?: number | null;
};

/** An account's own API request limit (token bucket), instead of the platform's default. */
export type AccountRateLimit = { per_second: number; burst: number };

/** What happens to what a member created when they leave the account (absent keys: false, keep running). */
export type MemberRemovalSettings = {
  /** Their active schedules (pending, triggered) are paused. */
  pause_schedules?: boolean;
  /** Their broadcasts not yet sending (draft, pending_approval, queued) are cancelled. */
  cancel_broadcasts?: boolean;
};

export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey().default(sql`uuid_v7()`),
  name: text('name').notNull(),
  defaultCountryCode: text('default_country_code'),
  timezone: text('timezone').notNull().default('UTC'),
  consent: jsonb('consent').$type<ConsentSettings>().notNull().default({}),
  quietHours: jsonb('quiet_hours').$type<QuietHours>(),
  apiRateLimit: jsonb('api_rate_limit').$type<AccountRateLimit>(),
  onMemberRemoved: jsonb('on_member_removed').$type<MemberRemovalSettings>().notNull().default({}),
  ...timestamps,
});

export const roles = pgTable(
  'roles',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    permissions: jsonb('permissions').$type<string[]>().notNull().default([]),
    ...timestamps,
  },
  (t) => [uniqueIndex('roles_account_name_key').on(t.accountId, sql`lower(${t.name})`)],
);

/** Membership of a user in an account, with the role the user acts with there. */
export const accountUsers = pgTable(
  'account_users',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'restrict' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('account_users_account_user_key').on(t.accountId, t.userId),
    index('account_users_user_idx').on(t.userId),
  ],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [uniqueIndex('api_keys_hash_key').on(t.keyHash), index('api_keys_account_idx').on(t.accountId)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    invitedByUserId: uuid('invited_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }),
    acceptedByUserId: uuid('accepted_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    index('invitations_account_idx').on(t.accountId),
    // One unanswered invitation per address in an account (createInvitation replaces an expired one).
    uniqueIndex('invitations_pending_email_key')
      .on(t.accountId, sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} IS NULL`),
  ],
);
