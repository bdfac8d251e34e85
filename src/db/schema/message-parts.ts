import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { messages } from './messages.js';

export const MESSAGE_PART_STATUSES = ['delivered', 'failed'] as const;

/**
 * The parts of an outbound message that its provider split, each with its own provider id and its
 * own delivery receipt (Vonage's SMS API answers one `message-id` per part). The message's
 * `provider_message_id` is its first part's; a part's receipt is recorded here, and the message is
 * delivered once every part is, failed as soon as one is. Messages sent whole have no rows here.
 */
export const messageParts = pgTable(
  'message_parts',
  {
    channelId: uuid('channel_id').notNull(),
    providerMessageId: text('provider_message_id').notNull(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    /** 1 for the first part. */
    part: integer('part').notNull(),
    /** null until the part's receipt says delivered or failed. */
    status: text('status', { enum: MESSAGE_PART_STATUSES }),
    providerStatus: text('provider_status'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.channelId, t.providerMessageId] }),
    index('message_parts_message_idx').on(t.messageId),
  ],
);
