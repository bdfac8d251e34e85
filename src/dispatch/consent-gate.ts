import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { type ChannelType, consentAddress } from '../messages/address.js';
import type { ErrorDetails, SendOutcome } from './outcomes.js';
import type { Preparation, PreparedMessage } from './prepare-messages.js';

/**
 * The addresses among `addresses` opted out of `channelType` in the account, in one indexed query
 * (the unique key of `opt_outs` is account, channel type, address). Read at send time, never
 * cached: a STOP that arrives mid-broadcast stops the next batch to that address.
 */
export async function optedOutAddresses(
  db: Db,
  accountId: string,
  channelType: ChannelType,
  addresses: readonly string[],
): Promise<Set<string>> {
  if (addresses.length === 0) return new Set();
  const found = await db.execute<{ address: string }>(sql`
    SELECT address FROM opt_outs
    WHERE account_id = ${accountId}::uuid AND channel_type = ${channelType}
      AND address = ANY(${sql.param([...new Set(addresses)])}::text[])`);
  return new Set(found.rows.map((r) => r.address));
}

export const OPTED_OUT: ErrorDetails = {
  code: 'opted_out',
  message: 'The recipient opted out of messages on this channel type',
  reason: 'opted_out',
};

/** Whether a message is held to the recipient's consent: system messages (opt-out confirmations) are not. */
export function needsConsent(p: PreparedMessage): boolean {
  return p.message.direction !== 'system';
}

/**
 * Turns every prepared send whose address is in the opt-out registry into a `skipped` outcome with
 * `opted_out` (never claimed, never given to the provider), with one query for the whole batch.
 */
export async function skipOptedOut(
  db: Db,
  prepared: Preparation[],
  accountId: string,
  channelType: ChannelType,
): Promise<void> {
  const candidates = prepared.flatMap((p, index) =>
    'send' in p && needsConsent(p.send)
      ? [{ index, send: p.send, address: consentAddress(channelType, p.send.to) }]
      : [],
  );
  const out = await optedOutAddresses(
    db,
    accountId,
    channelType,
    candidates.map((c) => c.address),
  );
  if (out.size === 0) return;
  for (const { index, send, address } of candidates) {
    if (out.has(address)) prepared[index] = { outcome: skippedOutcome(send, OPTED_OUT) };
  }
}

/** A prepared message that will not be sent, written straight from its waiting status. */
export function skippedOutcome(p: PreparedMessage, error: ErrorDetails): SendOutcome {
  return {
    kind: 'skipped',
    id: p.message.id,
    accountId: p.message.accountId,
    groupMessageId: p.message.groupMessageId,
    error,
  };
}
