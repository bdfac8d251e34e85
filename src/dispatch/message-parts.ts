import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import type { ChannelStatusEvent } from './receipts.js';

/** A message written `sent` whose provider split it into parts with their own ids (SendResult.parts). */
export type SentInParts = { messageId: string; channelId: string; parts: string[] };

/**
 * Records the parts of messages just written `sent`, in the send's transaction. A message sent
 * again (a retry after a failure, a redrive) forgets the parts of its earlier attempt first: only
 * the parts of the send that counted decide its delivery.
 */
export async function recordMessageParts(tx: DbOrTx, sent: SentInParts[]): Promise<void> {
  const split = sent.filter((s) => s.parts.length > 1);
  if (split.length === 0) return;
  await tx.execute(sql`
    DELETE FROM message_parts WHERE message_id = ANY(${sql.param(split.map((s) => s.messageId))}::uuid[])`);
  const rows = split.flatMap((s) =>
    s.parts.map((id, i) => ({
      channel_id: s.channelId,
      provider_message_id: id,
      message_id: s.messageId,
      part: i + 1,
    })),
  );
  await tx.execute(sql`
    INSERT INTO message_parts (channel_id, provider_message_id, message_id, part)
    SELECT r.channel_id, r.provider_message_id, r.message_id, r.part
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r(channel_id uuid, provider_message_id text, message_id uuid, part int)
    ON CONFLICT (channel_id, provider_message_id) DO UPDATE SET
      message_id = EXCLUDED.message_id, part = EXCLUDED.part, status = NULL,
      provider_status = NULL, error_code = NULL, error_message = NULL, updated_at = now()`);
}

/** What the parts of a batch of receipts came to. */
export type PartReceipts = {
  /** Receipts (by index in the input) that were for a part: they are handled, whatever they changed. */
  consumed: Set<number>;
  /** Receipts for whole messages, keyed by the message's own provider id: delivered when every part is, failed when one is. */
  messageReceipts: ChannelStatusEvent[];
};

type PartRow = {
  channel_id: string;
  provider_message_id: string;
  message_id: string;
  part: number;
  status: 'delivered' | 'failed' | null;
  provider_status: string | null;
  error_code: string | null;
  error_message: string | null;
  message_provider_id: string | null;
};

/**
 * Turns receipts for the parts of split messages (message_parts) into receipts for their messages,
 * in the caller's transaction: each part's status is recorded (a failed part stays failed), then a
 * message whose parts are all delivered gets a `delivered` receipt and one with a failed part a
 * `failed` receipt carrying that part's code, for the one receipt path (`applyReceipts`). The
 * messages of every receipt in the batch are locked first, in id order, so two workers handling
 * parts of the same message see each other's parts and cannot deadlock with the receipt update.
 */
export async function resolvePartReceipts(tx: DbOrTx, receipts: ChannelStatusEvent[]): Promise<PartReceipts> {
  const none: PartReceipts = { consumed: new Set(), messageReceipts: [] };
  if (receipts.length === 0) return none;
  const channelIds = sql.param(receipts.map((r) => r.channelId));
  const providerIds = sql.param(receipts.map((r) => r.providerMessageId));
  const matched = await tx.execute<{
    channel_id: string;
    provider_message_id: string;
    message_id: string;
  }>(sql`
    SELECT p.channel_id, p.provider_message_id, p.message_id FROM message_parts p
    JOIN unnest(${channelIds}::uuid[], ${providerIds}::text[]) AS r(channel_id, provider_message_id)
      ON p.channel_id = r.channel_id AND p.provider_message_id = r.provider_message_id`);
  if (matched.rows.length === 0) return none;

  const messageIds = [...new Set(matched.rows.map((r) => r.message_id))];
  const direct = await tx.execute<{ id: string }>(sql`
    SELECT m.id FROM messages m
    JOIN unnest(${channelIds}::uuid[], ${providerIds}::text[]) AS r(channel_id, provider_message_id)
      ON m.channel_id = r.channel_id AND m.provider_message_id = r.provider_message_id`);
  const locked = [...new Set([...messageIds, ...direct.rows.map((r) => r.id)])];
  await tx.execute(sql`
    SELECT id FROM messages WHERE id = ANY(${sql.param(locked)}::uuid[]) ORDER BY id FOR UPDATE`);

  const key = (channelId: string, providerId: string) => `${channelId}\u0000${providerId}`;
  const partKeys = new Set(matched.rows.map((r) => key(r.channel_id, r.provider_message_id)));
  const consumed = new Set<number>();
  // One status per part: a failure wins over a delivery within the batch.
  const updates = new Map<string, ChannelStatusEvent>();
  receipts.forEach((r, i) => {
    const k = key(r.channelId, r.providerMessageId);
    if (!partKeys.has(k)) return;
    consumed.add(i);
    const current = updates.get(k);
    if (!current || (current.status !== 'failed' && r.status === 'failed')) updates.set(k, r);
  });
  const rows = [...updates.values()].map((r) => ({
    channel_id: r.channelId,
    provider_message_id: r.providerMessageId,
    status: r.status === 'failed' ? 'failed' : 'delivered',
    provider_status: r.providerStatus ?? null,
    error_code: r.errorCode ?? null,
    error_message: r.errorMessage ?? null,
  }));
  await tx.execute(sql`
    UPDATE message_parts p SET status = r.status, provider_status = r.provider_status,
      error_code = r.error_code, error_message = r.error_message, updated_at = now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r(channel_id uuid, provider_message_id text, status text, provider_status text, error_code text, error_message text)
    WHERE p.channel_id = r.channel_id AND p.provider_message_id = r.provider_message_id
      AND p.status IS DISTINCT FROM 'failed'`);

  const parts = await tx.execute<PartRow>(sql`
    SELECT p.channel_id, p.provider_message_id, p.message_id, p.part, p.status, p.provider_status,
      p.error_code, p.error_message, m.provider_message_id AS message_provider_id
    FROM message_parts p JOIN messages m ON m.id = p.message_id
    WHERE p.message_id = ANY(${sql.param(messageIds)}::uuid[])
    ORDER BY p.message_id, p.part`);
  const byMessage = new Map<string, PartRow[]>();
  for (const row of parts.rows)
    byMessage.set(row.message_id, [...(byMessage.get(row.message_id) ?? []), row]);
  const now = new Date();
  const messageReceipts: ChannelStatusEvent[] = [];
  for (const rows of byMessage.values()) {
    const first = rows[0]!;
    if (!first.message_provider_id) continue;
    const failed = rows.find((r) => r.status === 'failed');
    if (failed) {
      messageReceipts.push({
        channelId: first.channel_id,
        providerMessageId: first.message_provider_id,
        status: 'failed',
        occurredAt: now,
        providerStatus: failed.provider_status ?? undefined,
        errorCode: failed.error_code ?? undefined,
        errorMessage: `part ${failed.part} of ${rows.length}: ${failed.error_message ?? 'not delivered'}`,
      });
    } else if (rows.every((r) => r.status === 'delivered')) {
      messageReceipts.push({
        channelId: first.channel_id,
        providerMessageId: first.message_provider_id,
        status: 'delivered',
        occurredAt: now,
        providerStatus: rows[rows.length - 1]!.provider_status ?? undefined,
      });
    }
  }
  return { consumed, messageReceipts };
}
