import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { ADDRESS_COLUMN, type ChannelType } from '../messages/address.js';

export type SessionChannel = { id: string; accountId: string; channelType: string };
export type SessionMessage = { id: string; contactId: string | null; address: string };

/**
 * When the recipient of each message last wrote to the channel (`contact_channel_activity`, kept by
 * the inbound path), for the providers that only take free-form messages within a window of it
 * (WhatsApp, Messenger). The recipient is the message's contact, or for a message sent to a bare
 * address the contacts with that address (inbound messages create one). One query per batch; a
 * message whose recipient never wrote is absent from the map.
 */
export async function lastInboundTimes(
  db: Db,
  channel: SessionChannel,
  messages: readonly SessionMessage[],
): Promise<Map<string, Date>> {
  if (messages.length === 0) return new Map();
  const column = sql.identifier(ADDRESS_COLUMN[channel.channelType as ChannelType]);
  // The address lookup runs only for messages without a contact (its filter on r.contact_id is a
  // constant per row), and the activity row is found by its primary key (contact, channel): a
  // broadcast's messages cost one probe each.
  const result = await db.execute<{ id: string; last_inbound_at: Date | string | null }>(sql`
    SELECT r.id, max(a.last_inbound_at) AS last_inbound_at
    FROM unnest(${sql.param(messages.map((m) => m.id))}::uuid[],
                ${sql.param(messages.map((m) => m.contactId))}::uuid[],
                ${sql.param(messages.map((m) => m.address))}::text[]) AS r(id, contact_id, address)
    LEFT JOIN LATERAL (
      SELECT r.contact_id AS id WHERE r.contact_id IS NOT NULL
      UNION ALL
      SELECT c.id FROM contacts c
      WHERE r.contact_id IS NULL AND c.account_id = ${channel.accountId}::uuid AND c.${column} = r.address
    ) recipient ON true
    LEFT JOIN contact_channel_activity a ON a.contact_id = recipient.id AND a.channel_id = ${channel.id}::uuid
    GROUP BY r.id`);
  const times = new Map<string, Date>();
  for (const row of result.rows) {
    if (row.last_inbound_at !== null) times.set(row.id, new Date(row.last_inbound_at));
  }
  return times;
}
