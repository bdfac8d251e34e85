import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './tenancy.js';

/**
 * What was done in an account, by whom, from where: written in the transaction of the change it
 * records (a rolled-back change leaves no entry), kept 400 days. `changes` holds masked values only.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey().default(sql`uuid_v7()`),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** `user | api_key | system` */
    actorType: text('actor_type').notNull(),
    /** The user or API key id; null for the system. */
    actorId: uuid('actor_id'),
    /** `RESOURCE.VERB`, e.g. `channel.created`, `user.login_failed`. */
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** `{ field: { from, to } }`, secrets masked; absent when the action changes no field. */
    changes: jsonb('changes').$type<Record<string, { from?: unknown; to?: unknown }>>(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('audit_log_account_created_idx').on(t.accountId, t.createdAt),
    index('audit_log_created_idx').on(t.createdAt),
  ],
);
