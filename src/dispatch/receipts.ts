import { sql } from 'drizzle-orm';
import type { StatusEvent } from '../../providers/types.js';
import type { Db, DbOrTx } from '../db/client.js';
import { type DomainEvent, writeEvents } from '../outbox/write-event.js';
import { addDelta, applyGroupProgress, type GroupDelta } from './group-progress.js';

/** A receipt and the channel it came in on (provider ids are unique per channel only). */
export type ChannelStatusEvent = StatusEvent & { channelId: string };

type Changed = {
  id: string;
  account_id: string;
  channel_id: string;
  group_message_id: string | null;
  status: 'delivered' | 'permanently_failed';
  provider_message_id: string;
};

/**
 * Records delivery receipts: the ONE receipt path (provider webhooks, SMPP deliver_sm, and the send
 * worker with `SendResult.receipts`). Only `sent` messages move: `delivered` (and `read`, which
 * implies it) → delivered; `failed` → permanently_failed. Anything else (queued, sent, unknown) and
 * receipts for messages that already moved on are ignored, so a duplicate receipt changes nothing.
 * Returns how many messages changed.
 */
export async function recordStatusEvents(db: Db, channelId: string, events: StatusEvent[]): Promise<number> {
  const receipts = events.map((e) => ({ ...e, channelId }));
  if (!receipts.some(isFinal)) return 0;
  return db.transaction(async (tx) => {
    const deltas = new Map<string, GroupDelta>();
    const changed = await applyReceipts(tx, receipts, deltas);
    await applyGroupProgress(tx, deltas);
    return changed;
  });
}

/**
 * Applies receipts of any channels in the caller's transaction: one UPDATE over all of them, the
 * group counter changes added to `deltas` for the caller to apply (delivered_count += 1; a sent
 * message reported failed moves from sent_count to failed_count, so the counters still add up to
 * total_recipients), and `message.delivered` / `message.failed` events for single messages only — a
 * broadcast's progress is on its group, and per-message events at broadcast volume would put the
 * outbox on the hot path. The send path calls this in the same transaction as its `sent` write.
 *
 * No group lock is needed first (unlike the send path): a receipt only moves `sent` rows, which
 * neither a cancel nor a send flush touches, so taking messages then groups cannot deadlock.
 */
export async function applyReceipts(
  tx: DbOrTx,
  events: ChannelStatusEvent[],
  deltas: Map<string, GroupDelta>,
): Promise<number> {
  // One row per provider message: a failure wins over a delivery reported in the same batch.
  const rows = new Map<
    string,
    { channel_id: string; provider_message_id: string; status: string; at: string }
  >();
  for (const e of events) {
    if (!isFinal(e)) continue;
    const status = e.status === 'failed' ? 'failed' : 'delivered';
    const key = `${e.channelId}\u0000${e.providerMessageId}`;
    if (rows.get(key)?.status === 'failed') continue;
    rows.set(key, {
      channel_id: e.channelId,
      provider_message_id: e.providerMessageId,
      status,
      at: e.occurredAt.toISOString(),
    });
  }
  if (rows.size === 0) return 0;
  // delivered_at is never before sent_at: a provider's clock may stamp a receipt a hair earlier.
  const result = await tx.execute<Changed>(sql`
    UPDATE messages m SET
      status = CASE WHEN r.status = 'delivered' THEN 'delivered' ELSE 'permanently_failed' END,
      delivered_at = CASE WHEN r.status = 'delivered' THEN GREATEST(r.at, m.sent_at) ELSE m.delivered_at END,
      failed_at = CASE WHEN r.status = 'failed' THEN r.at ELSE m.failed_at END,
      error_details = CASE WHEN r.status = 'failed'
        THEN jsonb_build_object('code', 'delivery_failed', 'message', 'The provider reported the message undelivered')
        ELSE m.error_details END,
      updated_at = now()
    FROM jsonb_to_recordset(${JSON.stringify([...rows.values()])}::jsonb)
      AS r(channel_id uuid, provider_message_id text, status text, at timestamptz)
    WHERE m.channel_id = r.channel_id AND m.provider_message_id = r.provider_message_id AND m.status = 'sent'
    RETURNING m.id, m.account_id, m.channel_id, m.group_message_id, m.status, m.provider_message_id`);
  const messageEvents: DomainEvent[] = [];
  for (const row of result.rows) {
    const delivered = row.status === 'delivered';
    if (row.group_message_id) {
      addDelta(deltas, row.group_message_id, delivered ? { delivered: 1 } : { sent: -1, failed: 1 });
      continue;
    }
    messageEvents.push({
      accountId: row.account_id,
      eventType: delivered ? 'message.delivered' : 'message.failed',
      aggregateType: 'message',
      aggregateId: row.id,
      payload: {
        message_id: row.id,
        channel_id: row.channel_id,
        status: row.status,
        provider_message_id: row.provider_message_id,
      },
    });
  }
  await writeEvents(tx, messageEvents);
  return result.rows.length;
}

function isFinal(e: StatusEvent): boolean {
  return e.status === 'delivered' || e.status === 'read' || e.status === 'failed';
}
