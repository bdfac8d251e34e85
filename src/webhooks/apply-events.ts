import { sql } from 'drizzle-orm';
import type { InboundMessage, StatusEvent } from '../../providers/types.js';
import { withOptOutAudit } from '../audit/record-audit.js';
import type { Db, DbOrTx } from '../db/client.js';
import { applyGroupProgress, type GroupDelta } from '../dispatch/group-progress.js';
import { receiptKey, resolvePartReceipts } from '../dispatch/part-receipts.js';
import { applyReceipts, type ChannelStatusEvent, isFinal } from '../dispatch/receipts.js';
import type { LiveEvent } from '../live/live-event.js';
import { ADDRESS_COLUMN, type ChannelType, consentAddress } from '../messages/address.js';
import { applyWatermarks, type WatermarkRow } from './apply-watermarks.js';
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
  kind: 'status' | 'inbound' | 'opt_out';
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
export type BatchResult = {
  handled: number;
  outcomes: { kind: string; state: string }[];
  /** The groups' new counters, to publish as live events once the batch committed. */
  progress: LiveEvent[];
};

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
    if (rows.length === 0) return { handled: 0, outcomes: [], progress: [] };
    const verdicts: Verdict[] = [];
    const deltas = new Map<string, GroupDelta>();
    const statusRows = rows.filter((r) => r.kind === 'status');
    verdicts.push(...(await applyStatusRows(tx, statusRows, deltas, settings)));
    const progress = await applyGroupProgress(tx, deltas);
    verdicts.push(
      ...(await applyInboundRows(
        tx,
        rows.filter((r) => r.kind === 'inbound'),
        settings,
      )),
    );
    verdicts.push(
      ...(await applyOptOutRows(
        tx,
        rows.filter((r) => r.kind === 'opt_out'),
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
      progress,
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
  const watermarks: WatermarkRow[] = [];
  for (const row of rows) {
    const event = toStatusEvent(row);
    // An unknown vendor status is kept (the row) and changes nothing.
    if (!isFinal(event)) verdicts.push({ id: row.id, state: 'ignored', delay_ms: 0 });
    else if (event.watermark) {
      const { watermark } = event;
      watermarks.push({
        rowId: row.id,
        channelId: row.channel_id,
        event: { ...event, watermark },
        attempts: row.attempts,
        receivedAt: row.received_at,
      });
    } else receipts.push({ ...event, channelId: row.channel_id, rowId: row.id });
  }
  verdicts.push(...(await applyWatermarks(tx, watermarks, deltas, settings)));
  if (receipts.length === 0) return verdicts;
  const found = await applyKnownReceipts(tx, receipts, deltas);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const receipt of receipts) {
    if (found.has(receiptKey(receipt.channelId, receipt.providerMessageId))) {
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

/**
 * Applies the receipts whose message (or, for a multi-part message, whose part) is recorded, in the
 * caller's transaction, adding the group counter changes to `deltas`; returns the `receiptKey`s of
 * those found (changed or not: a late or repeated receipt is done too). The others found nothing to
 * apply to: their send's own write has not landed yet.
 */
export async function applyKnownReceipts(
  tx: DbOrTx,
  receipts: ChannelStatusEvent[],
  deltas: Map<string, GroupDelta>,
): Promise<Set<string>> {
  if (receipts.length === 0) return new Set();
  // Which receipts have their message: those are done, whether they change it or came late. Read
  // BEFORE applying: a send whose `sent` write commits between the update and this read would
  // otherwise count as applied while the update missed it, and its receipt would be lost.
  const known = await tx.execute<{ channel_id: string; provider_message_id: string }>(sql`
    SELECT DISTINCT m.channel_id, m.provider_message_id FROM messages m
    JOIN unnest(${sql.param(receipts.map((r) => r.channelId))}::uuid[],
                ${sql.param(receipts.map((r) => r.providerMessageId))}::text[]) AS r(channel_id, provider_message_id)
      ON m.channel_id = r.channel_id AND m.provider_message_id = r.provider_message_id`);
  const seen = new Set(known.rows.map((r) => receiptKey(r.channel_id, r.provider_message_id)));
  // Parts of multi-part messages (SMPP) count towards their message; the rest apply directly, but only
  // to a message the read above saw. One whose send commits after that read waits like an unknown
  // one: applied now, a receipt for the first part of a long message (whose id the message carries)
  // would find the message but not yet know it for a part, and deliver the whole message.
  const { parts, messageReceipts } = await resolvePartReceipts(tx, receipts);
  const direct = receipts.filter((r) => {
    const key = receiptKey(r.channelId, r.providerMessageId);
    return seen.has(key) && !parts.has(key);
  });
  await applyReceipts(tx, [...direct, ...messageReceipts], deltas);
  // Hard bounces (and the like) also record the address in opt_outs.
  await recordProviderOptOuts(tx, direct);
  return new Set([...seen, ...parts]);
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
    const stored = await storeInbound(tx, channel, inbound);
    verdicts.push({ id: row.id, state: stored ? 'applied' : 'ignored', delay_ms: 0 });
  }
  return verdicts;
}

/**
 * Opt-outs the provider reported by webhook (a Telegram user blocked the bot): one `opt_outs` row
 * per account, channel type and address, source `provider`, linked to the contact with that
 * address when there is one. An address already opted out keeps its first record.
 */
async function applyOptOutRows(tx: DbOrTx, rows: EventRow[]): Promise<Verdict[]> {
  if (rows.length === 0) return [];
  const channelIds = [...new Set(rows.map((r) => r.channel_id))];
  const found = await tx.execute<{
    id: string;
    account_id: string;
    channel_type: ChannelType;
    provider: string;
  }>(
    sql`SELECT id, account_id, channel_type, provider FROM channels WHERE id = ANY(${sql.param(channelIds)}::uuid[])`,
  );
  const channels = new Map(found.rows.map((c) => [c.id, c]));
  const verdicts: Verdict[] = [];
  for (const row of rows) {
    const channel = channels.get(row.channel_id);
    const address = typeof row.payload.address === 'string' ? row.payload.address.trim() : '';
    if (!channel || channel.account_id !== row.account_id || !address) {
      verdicts.push({ id: row.id, state: 'ignored', delay_ms: 0 });
      continue;
    }
    const column = sql.raw(ADDRESS_COLUMN[channel.channel_type]);
    const reason = typeof row.payload.reason === 'string' ? row.payload.reason : undefined;
    await tx.execute(
      withOptOutAudit(sql`
      INSERT INTO opt_outs (account_id, channel_type, address, contact_id, source, reason)
      VALUES (${channel.account_id}, ${channel.channel_type}, ${consentAddress(channel.channel_type, address)},
        (SELECT id FROM contacts WHERE account_id = ${channel.account_id} AND ${column} = ${address}
          ORDER BY created_at LIMIT 1),
        'provider', ${`${channel.provider}: ${reason ?? 'the recipient opted out'}`.slice(0, 500)})
      ON CONFLICT (account_id, channel_type, address) DO NOTHING`),
    );
    verdicts.push({ id: row.id, state: 'applied', delay_ms: 0 });
  }
  return verdicts;
}

function senderKey(row: EventRow): string {
  return `${row.account_id}/${String(row.payload.from ?? '')}`;
}

/**
 * The addresses of failed receipts that say the address can never receive (an email hard bounce):
 * recorded in `opt_outs`, source `provider`, for the message's channel type. Idempotent, so a
 * receipt that waits for its message and is tried again records it once the message is there.
 */
async function recordProviderOptOuts(tx: DbOrTx, receipts: ChannelStatusEvent[]): Promise<void> {
  const gone = receipts.filter((r) => r.status === 'failed' && r.optOut);
  if (gone.length === 0) return;
  await tx.execute(
    withOptOutAudit(sql`
    INSERT INTO opt_outs (account_id, channel_type, address, contact_id, source, reason)
    SELECT DISTINCT ON (m.account_id, c.channel_type, a.address)
      m.account_id, c.channel_type, a.address, m.contact_id, 'provider', r.reason
    FROM jsonb_to_recordset(${JSON.stringify(
      gone.map((r) => ({
        channel_id: r.channelId,
        provider_message_id: r.providerMessageId,
        reason: `The provider reported that the address will not receive messages: ${
          r.errorMessage ?? 'undeliverable'
        }${r.errorCode ? ` (${r.errorCode})` : ''}`.slice(0, 500),
      })),
    )}::jsonb) AS r(channel_id uuid, provider_message_id text, reason text)
    JOIN messages m ON m.channel_id = r.channel_id AND m.provider_message_id = r.provider_message_id
    JOIN channels c ON c.id = m.channel_id AND c.account_id = m.account_id
    -- In the form the send path looks addresses up in (consentAddress): an email in lower case.
    CROSS JOIN LATERAL (SELECT CASE WHEN c.channel_type = 'email' THEN lower(btrim(m.delivery_address))
      ELSE m.delivery_address END AS address) a
    WHERE m.direction = 'outbound' AND m.delivery_address IS NOT NULL
    ON CONFLICT (account_id, channel_type, address) DO NOTHING`),
  );
}

function toStatusEvent(row: EventRow): StatusEvent {
  const p = row.payload as Record<string, string | undefined>;
  const watermark = row.payload.watermark as { recipient?: unknown; upTo?: unknown } | undefined;
  return {
    providerMessageId: row.provider_message_id,
    status: (p.status ?? 'unknown') as StatusEvent['status'],
    occurredAt: p.occurredAt ? new Date(p.occurredAt) : new Date(row.received_at),
    providerStatus: p.providerStatus,
    errorCode: p.errorCode,
    errorMessage: p.errorMessage,
    watermark:
      typeof watermark?.recipient === 'string' && typeof watermark.upTo === 'string'
        ? { recipient: watermark.recipient, upTo: new Date(watermark.upTo) }
        : undefined,
    optOut: (row.payload as { optOut?: unknown }).optOut === true || undefined,
    failureCode: p.failureCode === 'outside_session_window' ? 'outside_session_window' : undefined,
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
    inReplyTo: Array.isArray(p.inReplyTo)
      ? (p.inReplyTo as unknown[]).filter((id): id is string => typeof id === 'string')
      : undefined,
    metadata:
      p.metadata && typeof p.metadata === 'object' && !Array.isArray(p.metadata)
        ? (p.metadata as Record<string, unknown>)
        : undefined,
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
  const result: BatchResult = { handled: 0, outcomes: [], progress: [] };
  for (const { id } of due.rows) {
    try {
      const one = await applyWebhookBatch(db, settings, id);
      result.handled += one.handled;
      result.outcomes.push(...one.outcomes);
      result.progress.push(...one.progress);
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
