import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { channels } from './channels.js';
import { accounts } from './tenancy.js';

/**
 * Where a session provider's listener stopped (an IMAP mailbox: its UIDVALIDITY and the last UID
 * handed over), in the listener's own format. Written in the same transaction as the events it
 * covers, so a restart, a lost lease or a lost Redis resumes exactly there: nothing is skipped and
 * a replay is deduplicated by the inbox.
 */
export const sessionCursors = pgTable('session_cursors', {
  channelId: uuid('channel_id')
    .primaryKey()
    .references(() => channels.id, { onDelete: 'cascade' }),
  accountId: uuid('account_id')
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  cursor: text('cursor').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
