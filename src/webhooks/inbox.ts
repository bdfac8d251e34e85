import { sql } from 'drizzle-orm';
import type { InboundMessage, OptOutEvent, StatusEvent } from '../../providers/types.js';
import type { Db, DbOrTx } from '../db/client.js';
import { pgError } from '../db/errors.js';
import { poolOf } from '../db/named-query.js';
import { notifyListeners } from '../db/notify.js';
import { Batcher } from '../dispatch/batcher.js';

/** The NOTIFY channel that wakes the `webhooks` role. */
export const WEBHOOK_CHANNEL = 'turumba_webhooks';

/** One normalized event of one channel, as the inbox stores it. */
export type InboxEvent =
  | { kind: 'status'; event: StatusEvent }
  | { kind: 'inbound'; event: InboundMessage }
  | { kind: 'opt_out'; event: OptOutEvent };

/** A row of `webhook_events` as the inbox writes it. */
export type InboxRow = {
  account_id: string;
  channel_id: string;
  kind: InboxEvent['kind'];
  provider_message_id: string;
  dedupe_key: string;
  payload: Record<string, unknown>;
};

/**
 * Where the API puts webhook events: rows of `webhook_events`, inserted in one statement per flush
 * across concurrent requests (a burst of receipts costs one round trip per few hundred), each
 * waking the `webhooks` role once committed. A request's answer waits for its flush, so an
 * acknowledged webhook is in PostgreSQL. The unique key (channel, provider message id, dedupe key)
 * turns a webhook delivered twice into nothing.
 */
export class WebhookInbox {
  private readonly batcher: Batcher<InboxRow, Error | undefined>;

  constructor(db: Db) {
    this.batcher = new Batcher((rows) => insertIsolated(db, rows), {
      maxItems: 500,
      maxWaitMs: 2,
      maxConcurrent: 4,
    });
  }

  /** Stores the events of one webhook; resolves once they are committed. */
  async store(channel: { id: string; accountId: string }, events: InboxEvent[]): Promise<void> {
    const failed = (await this.batcher.addMany(inboxRows(channel, events))).find((r) => r !== undefined);
    if (failed) throw failed;
  }

  async drain(): Promise<void> {
    await this.batcher.drain();
  }
}

/**
 * Inserts the rows of many webhooks (of any accounts) in one statement; should PostgreSQL refuse a
 * row's data, each row on its own, so that row fails only the webhook that brought it, never the
 * others of the same flush. One result per row: undefined once stored, else the error. (Any other
 * fault, a database out of reach, fails the flush: one row at a time would not do better.)
 */
async function insertIsolated(db: Db, rows: InboxRow[]): Promise<(Error | undefined)[]> {
  try {
    await insertInboxRows(db, rows);
    return rows.map(() => undefined);
  } catch (error) {
    if (rows.length === 1 || !refusedData(error)) throw error;
    const results: (Error | undefined)[] = [];
    for (const row of rows) {
      results.push(
        await insertInboxRows(db, [row]).then(
          () => undefined,
          (e: Error) => e,
        ),
      );
    }
    return results;
  }
}

/** SQLSTATE classes of a value PostgreSQL will not take: data exception, integrity, program limit. */
function refusedData(error: unknown): boolean {
  return /^(22|23|54)/.test(pgError(error)?.code ?? '');
}

/** What makes two events the same: one inbound per message, one receipt per message and status. */
function dedupeKey(e: InboxEvent): string {
  if (e.kind === 'inbound' || e.kind === 'opt_out') return e.kind;
  // Unknown vendor statuses are kept apart by their own word: each is stored (and ignored) once.
  return e.event.status === 'unknown'
    ? `status:unknown:${clip(e.event.providerStatus ?? '', MAX_STATUS_WORD)}`
    : `status:${e.event.status}`;
}

// The unique key (channel, provider id, dedupe key) is a B-tree entry, which PostgreSQL caps near
// 2.7 kB: a provider's id or status word longer than any real one is cut to fit (still the same key
// for the same event), so a crafted one cannot make the insert fail.
const MAX_PROVIDER_ID = 500;
const MAX_STATUS_WORD = 100;

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

// A half of a surrogate pair, and one without its other half.
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NUL = '\u0000';

function suspect(text: string): boolean {
  return text.includes(NUL) || SURROGATE.test(text);
}

/**
 * A value PostgreSQL's JSON can store: text without NUL (which jsonb refuses) and without a lone
 * half of a surrogate pair (refused too), both from a webhook's own bytes. Most values need nothing.
 */
export function storable(value: unknown): unknown {
  return needsCleaning(value) ? cleaned(value) : value;
}

function needsCleaning(value: unknown): boolean {
  if (typeof value === 'string') return suspect(value);
  if (Array.isArray(value)) return value.some(needsCleaning);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) if (suspect(k) || needsCleaning(v)) return true;
  }
  return false;
}

function cleaned(value: unknown): unknown {
  if (typeof value === 'string') {
    return suspect(value) ? value.replaceAll(NUL, '').replace(LONE_SURROGATE, '\uFFFD') : value;
  }
  if (Array.isArray(value)) return value.map(cleaned);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[cleaned(k) as string] = cleaned(v);
    return out;
  }
  return value;
}

/** The inbox rows of one channel's events. */
export function inboxRows(channel: { id: string; accountId: string }, events: InboxEvent[]): InboxRow[] {
  return events.map((e) => toRow(channel, e));
}

function toRow(channel: { id: string; accountId: string }, e: InboxEvent): InboxRow {
  return {
    account_id: channel.accountId,
    channel_id: channel.id,
    kind: e.kind,
    // An opt-out has no message: the vendor's event id is its key.
    provider_message_id: storable(
      clip(e.kind === 'opt_out' ? e.event.eventId : e.event.providerMessageId, MAX_PROVIDER_ID),
    ) as string,
    dedupe_key: storable(dedupeKey(e)) as string,
    // The event itself: the insert sends the rows as one JSON document (`JSON.stringify`), which is
    // where its dates become strings and its undefined fields go. (A JSON copy here was the same
    // text made twice per receipt.)
    payload: storable(e.event) as Record<string, unknown>,
  };
}

function byKey(a: InboxRow, b: InboxRow): number {
  return (
    compare(a.channel_id, b.channel_id) ||
    compare(a.provider_message_id, b.provider_message_id) ||
    compare(a.dedupe_key, b.dedupe_key)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Inserts inbox rows in one statement (a replayed event is skipped by the unique key) and wakes the
 * `webhooks` role when any was new: in the caller's transaction when given one (a NOTIFY sent at its
 * commit), else once the insert has committed (`notifyListeners`: the API's flushes do not queue
 * their commits behind other notifying ones, see src/db/notify.ts).
 */
export async function insertInboxRows(db: DbOrTx, rows: InboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  const committed = poolOf(db) !== undefined;
  // In key order: two flushes holding the same events (a provider sending one twice) then wait on
  // each other's first common key instead of each holding one the other needs.
  const ordered = [...rows].sort(byKey);
  const result = await db.execute<{ n: number }>(sql`
    WITH inserted AS (
      INSERT INTO webhook_events (account_id, channel_id, kind, provider_message_id, dedupe_key, payload)
      SELECT r.account_id, r.channel_id, r.kind, r.provider_message_id, r.dedupe_key, r.payload
      FROM jsonb_to_recordset(${JSON.stringify(ordered)}::jsonb)
        AS r(account_id uuid, channel_id uuid, kind text, provider_message_id text, dedupe_key text, payload jsonb)
      ON CONFLICT (channel_id, provider_message_id, dedupe_key) DO NOTHING
      RETURNING 1
    )
    SELECT c.n${committed ? sql`` : sql`, pg_notify(${WEBHOOK_CHANNEL}, '')`}
    FROM (SELECT count(*)::int AS n FROM inserted) c WHERE c.n > 0`);
  if (committed && result.rows.length > 0) await notifyListeners(db, WEBHOOK_CHANNEL);
}
