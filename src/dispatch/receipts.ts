import { sql } from 'drizzle-orm';
import type { StatusEvent } from '../../providers/types.js';
import type { Db, DbOrTx } from '../db/client.js';
import { recordset } from '../db/recordset.js';
import type { LiveEvent } from '../live/live-event.js';
import type { LivePublisher } from '../live/publisher.js';
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
  was_status: string;
};

/**
 * Records delivery receipts: the ONE receipt path (provider webhooks through the `webhooks` role,
 * SMPP deliver_sm, and the send worker with `SendResult.receipts`). `delivered` and `read` move a
 * `sent` message to delivered; `read` also keeps `metadata.read_at` (on a delivered message too);
 * `failed` moves a `sent` message to permanently_failed with the provider's code and words in
 * `error_details`. Anything else (queued, sent, unknown) and receipts for messages that already
 * moved on are ignored, so a duplicate receipt changes nothing. Returns how many messages changed.
 * Once committed, the groups' new counters go to live streams through `live`.
 */
export async function recordStatusEvents(
  db: Db,
  channelId: string,
  events: StatusEvent[],
  live?: LivePublisher,
): Promise<number> {
  const receipts = events.map((e) => ({ ...e, channelId }));
  if (!receipts.some(isFinal)) return 0;
  let progress: LiveEvent[] = [];
  const changed = await db.transaction(async (tx) => {
    const deltas = new Map<string, GroupDelta>();
    const changed = await applyReceipts(tx, receipts, deltas);
    progress = await applyGroupProgress(tx, deltas);
    return changed;
  });
  if (live) await live.publish(progress);
  return changed;
}

// Within one batch, the receipt that says most about a message wins.
const RANK: Record<string, number> = { delivered: 1, read: 2, failed: 3 };

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
  /** false: the caller wakes the relay after its commit (see writeEvents). */
  options: { notify?: boolean } = {},
): Promise<number> {
  const rows = new Map<string, ReceiptRow>();
  for (const e of events) {
    if (!isFinal(e)) continue;
    const key = `${e.channelId}\u0000${e.providerMessageId}`;
    const current = rows.get(key);
    if (current && (RANK[current.status] ?? 0) >= (RANK[e.status] ?? 0)) continue;
    rows.set(key, {
      channel_id: e.channelId,
      provider_message_id: e.providerMessageId,
      status: e.status,
      at: e.occurredAt.toISOString(),
      provider_status: e.providerStatus ?? null,
      error_code: e.errorCode ?? null,
      error_message: e.errorMessage ?? null,
      // Absent (NULL to the recordset) unless set: one key fewer per receipt.
      ...(e.failureCode ? { failure_code: e.failureCode } : {}),
    });
  }
  if (rows.size === 0) return 0;
  // The rows are locked (and re-read after any wait) before the update, so `was_status` is the
  // status this receipt moved the message from. delivered_at is never before sent_at: a provider's
  // clock may stamp a receipt a hair earlier.
  const result = await tx.execute<Changed>(sql`
    WITH r AS (
      SELECT * FROM ${recordset(
        [...rows.values()],
        'r',
        sql`channel_id uuid, provider_message_id text, status text, at timestamptz,
             provider_status text, error_code text, error_message text, failure_code text`,
      )} AS r
    ), target AS (
      SELECT m.id, m.status AS was_status, r.* FROM messages m
      JOIN r ON m.channel_id = r.channel_id AND m.provider_message_id = r.provider_message_id
      WHERE m.status = 'sent'
        OR (r.status = 'read' AND m.status = 'delivered' AND NOT (m.metadata ? 'read_at'))
      ORDER BY m.id
      FOR UPDATE OF m
    )
    UPDATE messages m SET
      status = CASE WHEN t.was_status <> 'sent' THEN m.status
        WHEN t.status = 'failed' THEN 'permanently_failed' ELSE 'delivered' END,
      delivered_at = CASE WHEN t.was_status = 'sent' AND t.status <> 'failed'
        THEN GREATEST(t.at, m.sent_at) ELSE m.delivered_at END,
      failed_at = CASE WHEN t.was_status = 'sent' AND t.status = 'failed' THEN t.at ELSE m.failed_at END,
      error_details = CASE WHEN t.was_status = 'sent' AND t.status = 'failed'
        THEN jsonb_strip_nulls(jsonb_build_object(
          'code', COALESCE(t.failure_code, 'delivery_failed'),
          'message', CASE WHEN t.failure_code = 'outside_session_window'
            THEN 'The provider refused a free-form message outside the 24-hour window'
            ELSE 'The provider reported the message undelivered' END,
          'provider_code', t.error_code,
          'provider_message', t.error_message,
          'provider_status', t.provider_status))
        ELSE m.error_details END,
      -- read_at like every time the API shows: ISO 8601 UTC with Z (to_jsonb would write +00:00).
      metadata = CASE WHEN t.status = 'read' AND NOT (m.metadata ? 'read_at')
        THEN m.metadata || jsonb_build_object('read_at',
          to_char(t.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
        ELSE m.metadata END,
      updated_at = now()
    FROM target t
    WHERE m.id = t.id AND (m.status = 'sent' OR (t.status = 'read' AND m.status = 'delivered'))
    RETURNING m.id, m.account_id, m.channel_id, m.group_message_id, m.status, m.provider_message_id,
      t.was_status`);
  const messageEvents: DomainEvent[] = [];
  for (const row of result.rows) {
    // A read receipt on a message already delivered only adds read_at.
    if (row.was_status !== 'sent') continue;
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
  await writeEvents(tx, messageEvents, options);
  return result.rows.length;
}

type ReceiptRow = {
  channel_id: string;
  provider_message_id: string;
  status: string;
  at: string;
  provider_status: string | null;
  error_code: string | null;
  error_message: string | null;
  failure_code?: string;
};

/** True for a receipt that can change a message: delivered, read or failed. */
export function isFinal(e: Pick<StatusEvent, 'status'>): boolean {
  return e.status === 'delivered' || e.status === 'read' || e.status === 'failed';
}
