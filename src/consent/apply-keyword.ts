import { sql } from 'drizzle-orm';
import { auditRecipientOptOut } from '../audit/record-audit.js';
import type { DbOrTx } from '../db/client.js';
import type { ConsentSettings } from '../db/schema/tenancy.js';
import { type ChannelType, consentAddress, isSmsLike } from '../messages/address.js';
import { writeEvents } from '../outbox/write-event.js';
import {
  DEFAULT_OPT_IN_REPLY,
  DEFAULT_OPT_OUT_REPLY,
  keywordAction,
  MAX_KEYWORD_LENGTH,
} from './keywords.js';

export type KeywordMessage = {
  accountId: string;
  channelId: string;
  channelType: ChannelType;
  /** The sender's address as stored (E.164 for phones), or what the provider gave when it is not one. */
  address: string;
  contactId: string | null;
  body: string;
};

/**
 * Acts on an inbound consent keyword in the caller's transaction (the one storing the message): an
 * opt-out word records the sender in `opt_outs` (source `keyword`) for the channel's type, an opt-in
 * word removes them. On SMS-like channels the sender gets one confirmation, and only when the
 * registry changed: a second STOP from someone already opted out gets no reply, nor does a START
 * from someone who never opted out. The confirmation is a `system` message, which the send path
 * delivers despite the opt-out it confirms. Returns what was done.
 */
export async function applyConsentKeyword(
  tx: DbOrTx,
  message: KeywordMessage,
): Promise<'opted_out' | 'opted_in' | null> {
  if (message.body.trim().length > MAX_KEYWORD_LENGTH) return null;
  const [settings] = (
    await tx.execute<{ consent: ConsentSettings }>(
      sql`SELECT consent FROM accounts WHERE id = ${message.accountId}::uuid`,
    )
  ).rows;
  const consent = settings?.consent ?? {};
  const action = keywordAction(message.body, message.channelType, {
    optOut: consent.opt_out_keywords,
    optIn: consent.opt_in_keywords,
  });
  if (!action) return null;
  const address = consentAddress(message.channelType, message.address);
  if (action === 'opt_out') {
    const inserted = await tx.execute<{ id: string }>(sql`
      INSERT INTO opt_outs (account_id, channel_type, address, contact_id, source, reason)
      VALUES (${message.accountId}::uuid, ${message.channelType}, ${address}, ${message.contactId}::uuid,
        'keyword', ${`Replied ${message.body.trim().slice(0, 60)}`})
      ON CONFLICT (account_id, channel_type, address) DO NOTHING
      RETURNING id`);
    const [row] = inserted.rows;
    if (!row) return null;
    await auditRecipientOptOut(tx, { ...recorded(message), verb: 'created', id: row.id });
    await confirm(tx, message, address, 'opt_out', consent.opt_out_reply ?? DEFAULT_OPT_OUT_REPLY);
    return 'opted_out';
  }
  const deleted = await tx.execute<{ id: string; source: string }>(sql`
    DELETE FROM opt_outs
    WHERE account_id = ${message.accountId}::uuid AND channel_type = ${message.channelType}
      AND address = ${address}
    RETURNING id, source`);
  const [row] = deleted.rows;
  if (!row) return null;
  await auditRecipientOptOut(tx, { ...recorded(message), verb: 'deleted', id: row.id, source: row.source });
  await confirm(tx, message, address, 'opt_in', consent.opt_in_reply ?? DEFAULT_OPT_IN_REPLY);
  return 'opted_in';
}

/** The audit log's view of a keyword's opt-out: account, channel type and source. */
const recorded = (message: KeywordMessage) => ({
  accountId: message.accountId,
  channelType: message.channelType,
  source: 'keyword',
});

// How often an address gets each kind of confirmation on a channel, at most.
const CONFIRM_EVERY = sql.raw(`interval '24 hours'`);
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Queues the confirmation reply on SMS-like channels (carriers expect one there; chat apps do not),
 * to a phone number, and at most once a day per kind (`consent_confirmations`): STOP, START, STOP...
 * changes the registry every time but is confirmed once, so neither a sender nor forged keywords
 * (a provider that signs nothing, such as Africa's Talking) can make the channel text an address
 * again and again.
 */
async function confirm(
  tx: DbOrTx,
  message: KeywordMessage,
  address: string,
  kind: 'opt_out' | 'opt_in',
  body: string,
): Promise<void> {
  if (!isSmsLike(message.channelType) || body.trim() === '' || !E164.test(address)) return;
  const due = await tx.execute(sql`
    INSERT INTO consent_confirmations (account_id, channel_id, address, kind)
    VALUES (${message.accountId}::uuid, ${message.channelId}::uuid, ${address}, ${kind})
    ON CONFLICT (channel_id, address, kind) DO UPDATE SET sent_at = now(), account_id = EXCLUDED.account_id
      WHERE consent_confirmations.sent_at < now() - ${CONFIRM_EVERY}
    RETURNING 1`);
  if (due.rows.length === 0) return;
  const inserted = await tx.execute<{ id: string }>(sql`
    INSERT INTO messages (account_id, channel_id, contact_id, direction, status, delivery_address,
      message_body, metadata, queued_at)
    VALUES (${message.accountId}::uuid, ${message.channelId}::uuid, ${message.contactId}::uuid, 'system',
      'queued', ${address}, ${body}, ${JSON.stringify({ consent_confirmation: true })}::jsonb, now())
    RETURNING id`);
  const id = inserted.rows[0]!.id;
  const payload = { channel_id: message.channelId, status: 'queued', scheduled_at: null };
  // `message.queued` puts it on the send lane once this transaction commits (the event consumer).
  await writeEvents(
    tx,
    (['message.created', 'message.queued'] as const).map((eventType) => ({
      accountId: message.accountId,
      eventType,
      aggregateType: 'message',
      aggregateId: id,
      payload,
    })),
  );
}
