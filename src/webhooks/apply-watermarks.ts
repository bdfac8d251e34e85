import { sql } from 'drizzle-orm';
import type { StatusEvent } from '../../providers/types.js';
import type { DbOrTx } from '../db/client.js';
import type { GroupDelta } from '../dispatch/group-progress.js';
import { applyReceipts, type ChannelStatusEvent } from '../dispatch/receipts.js';

/** One stored watermark receipt (see `StatusEvent.watermark`) and what the inbox knows of it. */
export type WatermarkRow = {
  rowId: string;
  channelId: string;
  event: StatusEvent & { watermark: NonNullable<StatusEvent['watermark']> };
  attempts: number;
  receivedAt: Date;
};

export type WatermarkWaits = { waitFirstMs: number; waitMaxMs: number; orphanAfterMs: number };

type Verdict = { id: string; state: 'applied' | 'waiting'; delay_ms: number };

/**
 * The end of a watermark's millisecond: a watermark counts in milliseconds and `sending_at` in
 * microseconds, so a message claimed in the watermark's own millisecond (a read within a millisecond
 * of the claim, truncated) is covered too; compared with `<=`, it was left unread.
 */
const WITHIN_UP_TO = sql.raw(`w.up_to + interval '1 millisecond'`);

/**
 * Applies watermark receipts (Messenger: "every message to this person up to this time was
 * delivered / read") in the caller's transaction: they become ordinary receipts for the channel's
 * messages to that address claimed at or before the watermark's millisecond, through the one receipt path
 * (`applyReceipts`, group counters included). A message is compared by `sending_at`, the moment it
 * was claimed just before its provider call, which is never after the provider's own timestamp of
 * it; a message claimed before the watermark but accepted just after it would be covered too (the
 * width of one call). While such a message is still `sending` (its send not recorded yet) the
 * receipt waits and is tried again, like a receipt that overtakes its send, so the message is not
 * missed; after `orphanAfterMs` it is applied to what it finds.
 */
export async function applyWatermarks(
  tx: DbOrTx,
  rows: WatermarkRow[],
  deltas: Map<string, GroupDelta>,
  waits: WatermarkWaits,
): Promise<Verdict[]> {
  if (rows.length === 0) return [];
  const marks = JSON.stringify(
    rows.map((r) => ({
      row_id: r.rowId,
      channel_id: r.channelId,
      recipient: r.event.watermark.recipient,
      up_to: r.event.watermark.upTo.toISOString(),
      status: r.event.status,
    })),
  );
  const marksTable = sql`jsonb_to_recordset(${marks}::jsonb)
    AS w(row_id uuid, channel_id uuid, recipient text, up_to timestamptz, status text)`;
  // Which watermarks still wait for a send, asked before what they cover: under READ COMMITTED each
  // statement sees what had committed when it began, and a send recorded between the two would
  // otherwise be in neither (still `sending` to the first, no longer to the second) and never read.
  // In this order a message the first statement no longer sees as `sending` is `sent` (or done) for
  // the second; one it still sees as `sending` keeps the watermark waiting.
  const sending = await tx.execute<{ row_id: string }>(sql`
    SELECT DISTINCT w.row_id FROM ${marksTable}
    JOIN messages m ON m.channel_id = w.channel_id AND m.delivery_address = w.recipient
      AND m.sending_at IS NOT NULL AND m.sending_at < ${WITHIN_UP_TO} AND m.status = 'sending'`);
  const covered = await tx.execute<{ row_id: string; provider_message_id: string }>(sql`
    SELECT w.row_id, m.provider_message_id FROM ${marksTable}
    JOIN messages m ON m.channel_id = w.channel_id AND m.delivery_address = w.recipient
      AND m.sending_at IS NOT NULL AND m.sending_at < ${WITHIN_UP_TO}
      AND m.direction = 'outbound' AND m.provider_message_id IS NOT NULL
      AND (m.status = 'sent' OR (w.status = 'read' AND m.status = 'delivered' AND NOT (m.metadata ? 'read_at')))`);
  const byRow = new Map(rows.map((r) => [r.rowId, r]));
  const receipts: ChannelStatusEvent[] = covered.rows.map((c) => {
    const row = byRow.get(c.row_id)!;
    const { watermark: _, ...event } = row.event;
    return { ...event, providerMessageId: c.provider_message_id, channelId: row.channelId };
  });
  if (receipts.length > 0) await applyReceipts(tx, receipts, deltas);

  const waiting = new Set(sending.rows.map((r) => r.row_id));
  return rows.map((row) => {
    const age = Date.now() - new Date(row.receivedAt).getTime();
    if (!waiting.has(row.rowId) || age >= waits.orphanAfterMs) {
      return { id: row.rowId, state: 'applied', delay_ms: 0 };
    }
    const delay = Math.min(waits.waitMaxMs, waits.waitFirstMs * 2 ** Math.min(row.attempts, 20));
    return { id: row.rowId, state: 'waiting', delay_ms: delay };
  });
}
