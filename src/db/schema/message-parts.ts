import { index, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { messages } from './messages.js';

export const MESSAGE_PART_STATUSES = ['delivered', 'failed'] as const;

/**
 * The parts of a message a provider accepted as several, each with its own provider id (SMPP: one
 * submit_sm per part, and one receipt per part). A part's receipt finds its message here; the
 * message is delivered once every part is, failed as soon as one part is. Only multi-part messages
 * have rows (the message's `provider_message_id` is its first part's id).
 */
export const messageParts = pgTable(
  'message_parts',
  {
    // No foreign key to channels: like messages, rows outlive a deleted channel until pruned with them.
    channelId: uuid('channel_id').notNull(),
    providerPartId: text('provider_part_id').notNull(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    partNumber: smallint('part_number').notNull(),
    partsTotal: smallint('parts_total').notNull(),
    /** The part's final state from its receipt; null until one arrives. */
    status: text('status', { enum: MESSAGE_PART_STATUSES }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.channelId, t.providerPartId] }),
    index('message_parts_message_idx').on(t.messageId),
  ],
);
