import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamps, users } from './identity.js';
import { accounts } from './tenancy.js';

export const FALLBACK_STRATEGIES = ['keep_placeholder', 'use_default', 'skip_contact'] as const;
export const APPROVAL_STATUSES = ['not_required', 'pending', 'approved', 'rejected'] as const;

export const templates = pgTable(
  'templates',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    messageBody: text('message_body').notNull(),
    subject: text('subject'),
    category: text('category'),
    channelType: text('channel_type'),
    language: text('language'),
    /** Derived from the body (upper-cased names); read-only. */
    variables: jsonb('variables').$type<string[]>().notNull().default([]),
    defaultValues: jsonb('default_values').$type<Record<string, string>>().notNull().default({}),
    fallbackStrategy: text('fallback_strategy', { enum: FALLBACK_STRATEGIES })
      .notNull()
      .default('keep_placeholder'),
    approvalStatus: text('approval_status', { enum: APPROVAL_STATUSES }).notNull().default('not_required'),
    externalTemplateId: text('external_template_id'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    /**
     * Made from a broadcast's `message_body`: readable by id, never listed. A caller without
     * `templates:write` must not add to the account's shared template library by sending.
     */
    oneOff: boolean('one_off').notNull().default(false),
    ...timestamps,
  },
  (t) => [index('templates_account_created_idx').on(t.accountId, t.createdAt)],
);
