import { sql } from 'drizzle-orm';
import type { InboundMessage, StatusEvent } from '../../providers/types.js';
import type { Db, DbOrTx } from '../db/client.js';
import { applyGroupProgress, type GroupDelta } from '../dispatch/group-progress.js';
import { resolvePartReceipts } from '../dispatch/message-parts.js';
import { applyReceipts, type ChannelStatusEvent, isFinal } from '../dispatch/receipts.js';
import type { ChannelType } from '../messages/address.js';
import { applyInboundPart, partOf } from './inbound-parts.js';
import { type InboundChannel, storeInbound } from './store-inbound.js';

/** How the `webhooks` role works through the inbox; the defaults suit production, tests shorten them. */
export type ApplySettings = {
  /** Events per transaction. */
  batchSize: number;
  /** A receipt whose message is not recorded yet is tried again after this, doubling, up to the max. */
  waitFirstMs: number;
  waitMaxMs: number;
  /** After this long without its message a receipt is `orphaned`: kept, ignored. */
  orphanAfterMs: number;
  /** How long the parts of a long inbound message wait for each other before what arrived is stored. */
  partsWaitMs: number;
};

export const DEFAULT_APPLY_SETTINGS: ApplySettings = {
  batchSize: 500,
  waitFirstMs: 500,
  waitMaxMs: 60_000,
  orphanAfterMs: 24 * 3_600_000,
  partsWaitMs: 3_600_000,
};

type EventRow = {
  id: string;
  account_id: string;
  channel_id: string;
  kind: 'status' | 'inbound';
  provider_message_id: string;
  payload: Record<string, unknown>;
  attempts: number;
  received_at: Date;
};

type Verdict = { id: string; state: 'applied' | 'ignored' | 'waiting' | 'orphaned'; delay_ms: number };

/**
 * Applies one batch of due inbox events in one transaction: receipts through the one receipt path
 * (`applyReceipts`, group counters in the same transaction), inbound messages stored and linked to
 * their contacts. A receipt whose message does not carry that provider id yet (the send's own write
 * has not landed) waits and is tried again, so it is applied once the send is recorded; one still
 * without a message after `orphanAfterMs` is kept as `orphaned`. Rows are taken with SKIP LOCKED,
 * so any number of processes may run this. Returns how many events it handled.
 */
/** What a batch did: events handled, by kind and resulting state. */
export type BatchResult = { handled: number; outcomes: { kind: string; state: string }[] };

export async function applyWebhookBatch(
  db: Db,
  settings: ApplySettings,
  onlyId?: string,
): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    const only = onlyId ? sql`AND id = ${onlyId}` : sql``;
    const taken = await tx.execute<EventRow>(sql`
      SELECT id, account_id, channel_id, kind, provider_message_id, payload, attempts, received_at
      FROM webhook_events
      WHERE state IN ('pending', 'waiting') AND next_attempt_at <= now() ${only}
      ORDER BY next_attempt_at
      LIMIT ${settings.batchSize}
      FOR UPDATE SKIP LOCKED`);
    const rows = taken.rows;
    if (rows.length === 0) return { handled: 0, outcomes: [] };
    const verdicts: Verdict[] = [];
    const deltas = new Map<string, GroupDelta>();
    const statusRows = rows.filter((r) => r.kind === 'status');
    verdicts.push(...(await applyStatusRows(tx, statusRows, deltas, settings)));
    await applyGroupProgress(tx, deltas);
    verdicts.push(
      ...(await applyInboundRows(
        tx,
        rows.filter((r) => r.kind === 'inbound'),
        settings,
      )),
    );
    await tx.execute(sql`
      UPDATE webhook_events e SET
        state = v.state,
        attempts = e.attempts + 1,
        next_attempt_at = now() + make_interval(secs => v.delay_ms / 1000.0),
        processed_at = CASE WHEN v.state = 'waiting' THEN NULL ELSE now() END
      FROM jsonb_to_recordset(${JSON.stringify(verdicts)}::jsonb) AS v(id uuid, state text, delay_ms int)
      WHERE e.id = v.id`);
    const kinds = new Map(rows.map((r) => [r.id, r.kind]));
    return {
      handled: rows.length,
      outcomes: verdicts.map((v) => ({ kind: kinds.get(v.id) ?? 'status', state: v.state })),
    };
  });
}

async function applyStatusRows(
  tx: DbOrTx,
  rows: EventRow[],
  deltas: Map<string, GroupDelta>,
  settings: ApplySettings,
): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  const receipts: (ChannelStatusEvent & { rowId: string })[] = [];
  for (const row of rows) {
    const event = toStatusEvent(row);
    // An unknown vendor status is kept (the row) and changes nothing.
    if (!isFinal(event)) verdicts.push({ id: row.id, state: 'ignored', delay_ms: 0 });
    else receipts.push({ ...event, channelId: row.channel_id, rowId: row.id });
  }
  if (receipts.length === 0) return verdicts;
  // Receipts for one part of a message its provider split: recorded on the part, and turned into a
  // receipt for the message once all its parts are delivered or one failed.
  const parts = await resolvePartReceipts(tx, receipts);
  const direct = receipts.filter((_r, i) => !parts.consumed.has(i));
  for (const i of parts.consumed) verdicts.push({ id: receipts[i]!.rowId, state: 'applied', delay_ms: 0 });
  // Which receipts have their message: those are done, whether they change it or came late. Read
  // before the update: a send recorded between the two would otherwise mark a receipt done that
  // the update did not apply (it only moves `sent` messages).
  const known = await tx.execute<{ channel_id: string; provider_message_id: string }>(sql`
    SELECT DISTINCT m.channel_id, m.provider_message_id FROM messages m
    JOIN unnest(${sql.param(direct.map((r) => r.channelId))}::uuid[],
                ${sql.param(direct.map((r) => r.providerMessageId))}::text[]) AS r(channel_id, provider_message_id)
      ON m.channel_id = r.channel_id AND m.provider_message_id = r.provider_message_id`);
  await applyReceipts(tx, [...direct, ...parts.messageReceipts], deltas);
  const found = new Set(known.rows.map((r) => `${r.channel_id}\u0000${r.provider_message_id}`));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const receipt of direct) {
    if (found.has(`${receipt.channelId}\u0000${receipt.providerMessageId}`)) {
      verdicts.push({ id: receipt.rowId, state: 'applied', delay_ms: 0 });
      continue;
    }
    const row = byId.get(receipt.rowId)!;
    const age = Date.now() - new Date(row.received_at).getTime();
    if (age >= settings.orphanAfterMs) {
      verdicts.push({ id: row.id, state: 'orphaned', delay_ms: 0 });
      continue;
    }
    const delay = Math.min(settings.waitMaxMs, settings.waitFirstMs * 2 ** Math.min(row.attempts, 20));
    verdicts.push({ id: row.id, state: 'waiting', delay_ms: delay });
  }
  return verdicts;
}

async function applyInboundRows(tx: DbOrTx, rows: EventRow[], settings: ApplySettings): Promise<Verdict[]> {
  if (rows.length === 0) return [];
  const channelIds = [...new Set(rows.map((r) => r.channel_id))];
  const found = await tx.execute<{
    id: string;
    account_id: string;
    channel_type: ChannelType;
    default_country_code: string | null;
  }>(sql`
    SELECT c.id, c.account_id, c.channel_type, COALESCE(c.default_country_code, a.default_country_code) AS default_country_code
    FROM channels c JOIN accounts a ON a.id = c.account_id
    WHERE c.id = ANY(${sql.param(channelIds)}::uuid[])`);
  const channels = new Map<string, InboundChannel>(
    found.rows.map((c) => [
      c.id,
      {
        id: c.id,
        accountId: c.account_id,
        channelType: c.channel_type,
        defaultCountryCode: c.default_country_code,
      },
    ]),
  );
  const verdicts: Verdict[] = [];
  // Senders in one order in every process: two workers lock the same contacts in the same order.
  const ordered = [...rows].sort((a, b) => senderKey(a).localeCompare(senderKey(b)));
  for (const row of ordered) {
    const channel = channels.get(row.channel_id);
    // A channel deleted since: its messages would point nowhere.
    if (!channel || channel.accountId !== row.account_id) {
      verdicts.push({ id: row.id, state: 'ignored', delay_ms: 0 });
      continue;
    }
    const inbound = toInbound(row);
    if (inbound.part) {
      // One part of a long message: stored with the others once they are all here.
      const verdict = await applyInboundPart(
        tx,
        channel,
        { ...row, inbound: { ...inbound, part: inbound.part } },
        settings,
      );
      verdicts.push({ id: row.id, ...verdict });
      continue;
    }
    await storeInbound(tx, channel, inbound);
    verdicts.push({ id: row.id, state: 'applied', delay_ms: 0 });
  }
  return verdicts;
}

function senderKey(row: EventRow): string {
  return `${row.account_id}/${String(row.payload.from ?? '')}`;
}

function toStatusEvent(row: EventRow): StatusEvent {
  const p = row.payload as Record<string, string | undefined>;
  return {
    providerMessageId: row.provider_message_id,
    status: (p.status ?? 'unknown') as StatusEvent['status'],
    occurredAt: p.occurredAt ? new Date(p.occurredAt) : new Date(row.received_at),
    providerStatus: p.providerStatus,
    errorCode: p.errorCode,
    errorMessage: p.errorMessage,
  };
}

function toInbound(row: EventRow): InboundMessage {
  const p = row.payload as Record<string, unknown>;
  const text = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : undefined);
  return {
    providerMessageId: row.provider_message_id,
    from: text('from') ?? '',
    fromName: text('fromName'),
    to: text('to'),
    body: text('body') ?? '',
    subject: text('subject'),
    mediaUrls: Array.isArray(p.mediaUrls) ? (p.mediaUrls as string[]) : undefined,
    receivedAt: text('receivedAt') ? new Date(text('receivedAt')!) : new Date(row.received_at),
    part: partOf(p),
  };
}

// An event that fails on its own this many times is set aside (`ignored`), so it cannot block the rest.
const MAX_FAILURES = 10;

/**
 * After a batch failed (a constraint race, a bad payload), applies the due events one by one so a
 * single bad event cannot hold back the others: each failure pushes that event back with backoff,
 * and sets it aside after MAX_FAILURES.
 */
export async function applyOneByOne(
  db: Db,
  settings: ApplySettings,
  onFailure: (id: string, error: unknown) => void,
): Promise<BatchResult> {
  const due = await db.execute<{ id: string }>(sql`
    SELECT id FROM webhook_events WHERE state IN ('pending', 'waiting') AND next_attempt_at <= now()
    ORDER BY next_attempt_at LIMIT ${settings.batchSize}`);
  const result: BatchResult = { handled: 0, outcomes: [] };
  for (const { id } of due.rows) {
    try {
      const one = await applyWebhookBatch(db, settings, id);
      result.handled += one.handled;
      result.outcomes.push(...one.outcomes);
    } catch (error) {
      onFailure(id, error);
      await db.execute(sql`
        UPDATE webhook_events SET attempts = attempts + 1,
          state = CASE WHEN attempts + 1 >= ${MAX_FAILURES} THEN 'ignored' ELSE state END,
          processed_at = CASE WHEN attempts + 1 >= ${MAX_FAILURES} THEN now() ELSE NULL END,
          next_attempt_at = now() + make_interval(secs => least(600, power(2, attempts + 1)))
        WHERE id = ${id}`);
    }
  }
  return result;
}

/** Deletes handled events older than `olderThanMs`, at most `limit` at a time; returns how many. */
export async function pruneWebhookEvents(db: Db, olderThanMs: number, limit = 1_000): Promise<number> {
  const result = await db.execute(sql`
    DELETE FROM webhook_events WHERE id IN (
      SELECT id FROM webhook_events
      WHERE processed_at IS NOT NULL AND processed_at < now() - make_interval(secs => ${olderThanMs / 1000})
      LIMIT ${limit})`);
  return result.rowCount ?? 0;
}
