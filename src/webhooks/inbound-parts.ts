import { sql } from 'drizzle-orm';
import type { InboundMessage } from '../../providers/types.js';
import type { DbOrTx } from '../db/client.js';
import { type InboundChannel, storeInbound } from './store-inbound.js';

/** One part of a long inbound message, as the inbox holds it. */
export type InboundPartRow = {
  id: string;
  channel_id: string;
  provider_message_id: string;
  attempts: number;
  received_at: Date;
  inbound: InboundMessage & { part: NonNullable<InboundMessage['part']> };
};

/** How long the parts of one message are waited for, and how often they are looked for meanwhile. */
export type PartWait = { partsWaitMs: number; waitFirstMs: number; waitMaxMs: number };

export type PartVerdict = { state: 'applied' | 'waiting'; delay_ms: number };

/**
 * Handles one part of a long inbound message (a provider that delivers each part on its own, such
 * as Vonage's concatenated SMS): once every part of its group is in the inbox, the parts are stored
 * as ONE message, their bodies joined in order, under the first part's provider id; until then the
 * part waits. After `partsWaitMs` without the rest, what arrived is stored, so a lost part never
 * holds back the others for good. A per-group advisory lock makes the "stored already?" check and
 * the insert atomic when two workers hold different parts of the same message.
 */
export async function applyInboundPart(
  tx: DbOrTx,
  channel: InboundChannel,
  row: InboundPartRow,
  wait: PartWait,
): Promise<PartVerdict> {
  const { group, total } = row.inbound.part;
  // A provider's part reference is short and comes round again: only parts received within the
  // wait of this one belong to the same message.
  const receivedAt = new Date(row.received_at).getTime();
  await tx.execute(
    sql`SELECT pg_advisory_xact_lock(hashtextextended(${`inbound-part:${row.channel_id}:${group}`}, 0))`,
  );
  const siblings = await tx.execute<{
    provider_message_id: string;
    payload: Record<string, unknown>;
    received_at: Date;
  }>(sql`
    SELECT provider_message_id, payload, received_at FROM webhook_events
    WHERE channel_id = ${row.channel_id} AND kind = 'inbound' AND payload ? 'part'
      AND (payload -> 'part' ->> 'group') = ${group}
      AND received_at BETWEEN ${new Date(receivedAt - wait.partsWaitMs).toISOString()}::timestamptz
                          AND ${new Date(receivedAt + wait.partsWaitMs).toISOString()}::timestamptz`);
  const ids = siblings.rows.map((s) => s.provider_message_id);
  const stored = await tx.execute(sql`
    SELECT 1 FROM messages
    WHERE channel_id = ${row.channel_id} AND direction = 'inbound'
      AND provider_message_id = ANY(${sql.param(ids)}::text[])
    LIMIT 1`);
  if (stored.rows.length > 0) return { state: 'applied', delay_ms: 0 };

  // One part per number (a part the provider sent twice under two ids counts once).
  const byNumber = new Map<number, { id: string; payload: Record<string, unknown>; receivedAt: Date }>();
  for (const s of siblings.rows) {
    const number = Number((s.payload.part as { number?: unknown } | undefined)?.number);
    if (!Number.isInteger(number) || byNumber.has(number)) continue;
    byNumber.set(number, {
      id: s.provider_message_id,
      payload: s.payload,
      receivedAt: new Date(s.received_at),
    });
  }
  const complete = Array.from({ length: total }, (_, i) => i + 1).every((n) => byNumber.has(n));
  const age = Date.now() - receivedAt;
  if (!complete && age < wait.partsWaitMs) {
    const delay = Math.min(wait.waitMaxMs, wait.waitFirstMs * 2 ** Math.min(row.attempts, 20));
    return { state: 'waiting', delay_ms: delay };
  }
  const parts = [...byNumber.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
  const first = parts[0]!;
  const text = (p: Record<string, unknown>, key: string) =>
    typeof p[key] === 'string' ? (p[key] as string) : undefined;
  await storeInbound(tx, channel, {
    providerMessageId: first.id,
    from: text(first.payload, 'from') ?? row.inbound.from,
    fromName: text(first.payload, 'fromName'),
    to: text(first.payload, 'to'),
    body: parts.map((p) => text(p.payload, 'body') ?? '').join(''),
    receivedAt: new Date(Math.min(...parts.map((p) => p.receivedAt.getTime()))),
  });
  return { state: 'applied', delay_ms: 0 };
}

/** The part of an inbound payload, when it is a well-formed one. */
export function partOf(payload: Record<string, unknown>): InboundMessage['part'] {
  const part = payload.part as { group?: unknown; number?: unknown; total?: unknown } | undefined;
  if (!part || typeof part.group !== 'string') return undefined;
  const number = Number(part.number);
  const total = Number(part.total);
  if (!Number.isInteger(number) || !Number.isInteger(total) || number < 1 || total < 1 || total > 255)
    return undefined;
  return { group: part.group, number, total };
}
