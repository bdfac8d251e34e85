import { sql } from 'drizzle-orm';
import type { InboundMessage } from '../../providers/types.js';
import { applyConsentKeyword } from '../consent/apply-keyword.js';
import { normalizePhone } from '../contacts/phone.js';
import type { DbOrTx } from '../db/client.js';
import { ADDRESS_COLUMN, ADDRESS_FIELD, type ChannelType } from '../messages/address.js';
import { type DomainEvent, writeEvents } from '../outbox/write-event.js';

/** The channel an inbound message arrived on, as storing it needs. */
export type InboundChannel = {
  id: string;
  accountId: string;
  channelType: ChannelType;
  /** The channel's, else the account's default country: national numbers are read with it. */
  defaultCountryCode: string | null;
};

/**
 * Stores one inbound message in the caller's transaction: the contact with that address in the
 * channel's account (created when none exists; a sender whose address cannot be a contact's, such
 * as an alphanumeric sender id, is kept on the message only), the message (`direction: inbound`,
 * status `delivered`), the contact's last inbound time on this channel, and `message.received`. A
 * message that is a consent keyword (STOP, START, the account's own words) also opts the sender out
 * or back in (see consent/apply-keyword.ts). A message this channel already stored under the same
 * provider id is not stored again (returns false): the inbox's unique key forgets an event once its
 * row is pruned (a week), and a signed webhook replayed after that, or a mailbox read again from an
 * older cursor, must not bring the message (or its keyword) back.
 */
export async function storeInbound(
  tx: DbOrTx,
  channel: InboundChannel,
  inbound: InboundMessage,
): Promise<boolean> {
  const seen = await tx.execute(sql`
    SELECT 1 FROM messages
    WHERE channel_id = ${channel.id} AND provider_message_id = ${inbound.providerMessageId}
      AND direction = 'inbound' AND account_id = ${channel.accountId}
    LIMIT 1`);
  if (seen.rows.length > 0) return false;
  const address = contactAddressOf(channel, inbound.from);
  const contactId = address ? await findOrCreateContact(tx, channel, address, inbound.fromName) : null;
  const metadata: Record<string, unknown> = { ...inbound.metadata };
  if (inbound.to) metadata.to = inbound.to;
  if (inbound.mediaUrls && inbound.mediaUrls.length > 0) metadata.media_urls = inbound.mediaUrls;
  if (inbound.fromName) metadata.from_name = inbound.fromName;
  const answered = await findAnsweredMessage(tx, channel, inbound.inReplyTo);
  if (answered) metadata.in_reply_to_message_id = answered;
  const receivedAt = inbound.receivedAt.toISOString();
  const inserted = await tx.execute<{ id: string }>(sql`
    INSERT INTO messages (account_id, channel_id, contact_id, direction, status, delivery_address,
      message_body, subject, media_url, provider_message_id, metadata, delivered_at)
    VALUES (${channel.accountId}, ${channel.id}, ${contactId}, 'inbound', 'delivered',
      ${address ?? inbound.from}, ${inbound.body}, ${inbound.subject ?? null}, ${inbound.mediaUrls?.[0] ?? null},
      ${inbound.providerMessageId}, ${JSON.stringify(metadata)}::jsonb, ${receivedAt})
    RETURNING id`);
  const messageId = inserted.rows[0]!.id;
  if (contactId) {
    await tx.execute(sql`
      INSERT INTO contact_channel_activity (account_id, contact_id, channel_id, last_inbound_at)
      VALUES (${channel.accountId}, ${contactId}, ${channel.id}, ${receivedAt})
      ON CONFLICT (contact_id, channel_id)
      DO UPDATE SET last_inbound_at = GREATEST(contact_channel_activity.last_inbound_at, EXCLUDED.last_inbound_at)`);
  }
  const event: DomainEvent = {
    accountId: channel.accountId,
    eventType: 'message.received',
    aggregateType: 'message',
    aggregateId: messageId,
    // Ids only: the body and the sender's address stay in the database.
    payload: {
      message_id: messageId,
      channel_id: channel.id,
      contact_id: contactId,
      provider_message_id: inbound.providerMessageId,
      direction: 'inbound',
    },
  };
  await writeEvents(tx, [event]);
  // A button or quick reply the person tapped is the business's wording, not theirs: no keyword.
  if (inbound.metadata?.reply !== undefined) return true;
  await applyConsentKeyword(tx, {
    accountId: channel.accountId,
    channelId: channel.id,
    channelType: channel.channelType,
    address: address ?? inbound.from,
    contactId,
    body: inbound.body,
  });
  return true;
}

/**
 * Our outbound message on this channel that an inbound one answers: the first of its provider ids
 * (nearest first: email In-Reply-To, then References) that is one of ours. Null when none is.
 */
async function findAnsweredMessage(
  tx: DbOrTx,
  channel: InboundChannel,
  ids: string[] | undefined,
): Promise<string | null> {
  if (!ids || ids.length === 0) return null;
  const found = await tx.execute<{ id: string; provider_message_id: string }>(sql`
    SELECT id, provider_message_id FROM messages
    WHERE channel_id = ${channel.id} AND account_id = ${channel.accountId} AND direction = 'outbound'
      AND provider_message_id = ANY(${sql.param(ids.slice(0, 50))}::text[])`);
  const byId = new Map(found.rows.map((r) => [r.provider_message_id, r.id]));
  for (const id of ids) {
    const match = byId.get(id);
    if (match) return match;
  }
  return null;
}

/** The sender's address as a contact field holds it (E.164 for phones), or null when it cannot be one. */
function contactAddressOf(channel: InboundChannel, from: string): string | null {
  const field = ADDRESS_FIELD[channel.channelType];
  const raw = from.trim();
  if (!raw || raw.length > 320) return null;
  if (field === 'phone') {
    const phone = normalizePhone(raw, channel.defaultCountryCode);
    return phone.ok ? phone.e164 : null;
  }
  if (field === 'email') return raw.includes('@') ? raw : null;
  return raw;
}

async function findOrCreateContact(
  tx: DbOrTx,
  channel: InboundChannel,
  address: string,
  name: string | undefined,
): Promise<string> {
  const column = sql.raw(ADDRESS_COLUMN[channel.channelType]);
  const isEmail = ADDRESS_FIELD[channel.channelType] === 'email';
  const matches = isEmail ? sql`lower(${column}) = lower(${address})` : sql`${column} = ${address}`;
  // Two inbound messages from a new sender, applied at once by two workers, create one contact:
  // chat ids and PSIDs have no unique index to fall back on.
  await tx.execute(
    sql`SELECT pg_advisory_xact_lock(hashtextextended(${`contact:${channel.accountId}:${ADDRESS_COLUMN[channel.channelType]}:${address.toLowerCase()}`}, 0))`,
  );
  const found = await tx.execute<{ id: string }>(sql`
    SELECT id FROM contacts WHERE account_id = ${channel.accountId} AND ${matches} ORDER BY created_at LIMIT 1`);
  if (found.rows[0]) return found.rows[0].id;
  const created = await tx.execute<{ id: string }>(sql`
    INSERT INTO contacts (account_id, name, ${column}) VALUES (${channel.accountId}, ${name ?? null}, ${address})
    RETURNING id`);
  return created.rows[0]!.id;
}
