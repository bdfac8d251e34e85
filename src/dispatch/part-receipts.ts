import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { recordset } from '../db/recordset.js';
import type { ChannelStatusEvent } from './receipts.js';

/** `channel id \0 provider id`: provider ids are unique per channel only. */
export const receiptKey = (channelId: string, providerMessageId: string) =>
  `${channelId}\u0000${providerMessageId}`;

const PART_COLUMNS = sql`channel_id uuid, provider_part_id text, status text`;

type PartState = {
  message_id: string;
  channel_id: string;
  provider_message_id: string | null;
  any_failed: boolean;
  all_delivered: boolean;
};

/**
 * Receipts for parts of multi-part messages (SMPP: every part has its own id and its own receipt),
 * in the caller's transaction. Each part's final state is kept on its `message_parts` row; a message
 * whose parts are now all delivered gets a `delivered` receipt under its own provider id, one with a
 * failed part a `failed` receipt carrying that part's code and words, prefixed `part N of M: `. Returns the keys of the
 * receipts that were parts (they are handled, whatever their message's state) and the receipts to
 * apply to messages. The parts of the messages concerned are locked first, in one order, so two
 * batches reporting two parts of one message cannot both miss the other's part.
 */
export async function resolvePartReceipts(
  tx: DbOrTx,
  receipts: ChannelStatusEvent[],
): Promise<{ parts: Set<string>; messageReceipts: ChannelStatusEvent[] }> {
  const parts = new Set<string>();
  if (receipts.length === 0) return { parts, messageReceipts: [] };
  // One row per part: of two receipts for one part in a batch, the failure wins (as for a message).
  const byPart = new Map<string, { channel_id: string; provider_part_id: string; status: string }>();
  for (const r of receipts) {
    const key = receiptKey(r.channelId, r.providerMessageId);
    if (byPart.get(key)?.status === 'failed') continue;
    byPart.set(key, {
      channel_id: r.channelId,
      provider_part_id: r.providerMessageId,
      status: r.status === 'failed' ? 'failed' : 'delivered',
    });
  }
  const rows = [...byPart.values()];
  const matched = await tx.execute<{
    message_id: string;
    channel_id: string;
    provider_part_id: string;
    part_number: number;
    parts_total: number;
  }>(sql`
    SELECT p.message_id, p.channel_id, p.provider_part_id, p.part_number, p.parts_total
    FROM message_parts p
    JOIN ${recordset(rows, 'r', PART_COLUMNS)} AS r
      ON p.channel_id = r.channel_id AND p.provider_part_id = r.provider_part_id`);
  if (matched.rows.length === 0) return { parts, messageReceipts: [] };
  const messageIds = [...new Set(matched.rows.map((r) => r.message_id))].sort();
  const messageOf = new Map<string, string>();
  const partLabel = new Map<string, string>();
  for (const r of matched.rows) {
    const key = receiptKey(r.channel_id, r.provider_part_id);
    parts.add(key);
    messageOf.set(key, r.message_id);
    partLabel.set(key, `part ${r.part_number} of ${r.parts_total}`);
  }
  await tx.execute(sql`
    SELECT 1 FROM message_parts WHERE message_id = ANY(${sql.param(messageIds)}::uuid[])
    ORDER BY message_id, part_number FOR UPDATE`);
  // A part's first final state stays, whatever comes after (as a message's does).
  await tx.execute(sql`
    UPDATE message_parts p SET status = COALESCE(p.status, r.status)
    FROM ${recordset(rows, 'r', PART_COLUMNS)} AS r
    WHERE p.channel_id = r.channel_id AND p.provider_part_id = r.provider_part_id`);
  const states = await tx.execute<PartState>(sql`
    SELECT p.message_id, m.channel_id, m.provider_message_id,
      bool_or(p.status IS NOT DISTINCT FROM 'failed') AS any_failed,
      bool_and(p.status IS NOT DISTINCT FROM 'delivered') AS all_delivered
    FROM message_parts p JOIN messages m ON m.id = p.message_id
    WHERE p.message_id = ANY(${sql.param(messageIds)}::uuid[])
    GROUP BY p.message_id, m.channel_id, m.provider_message_id`);
  const messageReceipts: ChannelStatusEvent[] = [];
  for (const state of states.rows) {
    if (!state.provider_message_id || !(state.any_failed || state.all_delivered)) continue;
    const own = receipts.filter(
      (r) => messageOf.get(receiptKey(r.channelId, r.providerMessageId)) === state.message_id,
    );
    const deciding = state.any_failed ? own.find((r) => r.status === 'failed') : own.at(-1);
    if (!deciding) continue;
    const label = partLabel.get(receiptKey(deciding.channelId, deciding.providerMessageId));
    messageReceipts.push({
      ...deciding,
      ...(state.any_failed && label
        ? { errorMessage: deciding.errorMessage ? `${label}: ${deciding.errorMessage}` : label }
        : {}),
      channelId: state.channel_id,
      providerMessageId: state.provider_message_id,
      status: state.any_failed ? 'failed' : 'delivered',
      occurredAt: new Date(Math.max(...own.map((r) => r.occurredAt.getTime()))),
    });
  }
  return { parts, messageReceipts };
}
