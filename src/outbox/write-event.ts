import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { executeNamed, poolOf } from '../db/named-query.js';
import { notifyListeners } from '../db/notify.js';
import { outboxEvents } from '../db/schema/index.js';

export const OUTBOX_CHANNEL = 'turumba_outbox';

export type DomainEvent = {
  accountId: string | null;
  eventType: string;
  aggregateType: string;
  aggregateId: string;
  payload?: Record<string, unknown>;
};

/**
 * The `occurred_at` of the `n`th event (from 1) written by one statement: the statement's start
 * plus n - 1 microseconds. Events written together (a message's `message.sent` and
 * `message.delivered`) shared the transaction's time, and the relay, which publishes oldest first,
 * published them in either order once its claim had to sort (a delivery before its send). The
 * statement's start rather than the transaction's keeps two writes of one transaction in order too
 * (a send, then the receipts that came with it).
 */
export const IN_WRITE_ORDER = (n: string) =>
  sql.raw(`statement_timestamp() + (${n} - 1) * interval '1 microsecond'`);

/**
 * Records domain events, in the order given, and wakes the relay. In a transaction the wake-up is a
 * NOTIFY in the same statement, sent at the commit (PostgreSQL folds identical notifications of one
 * transaction into one), unless `notify: false`: then the caller wakes the relay after its commit
 * (`notifyListeners`), which keeps its commit out of the queue of notifying ones (src/db/notify.ts);
 * the hot writers do. Outside a transaction the insert commits by itself and the relay is woken
 * after it.
 */
export async function writeEvents(
  tx: DbOrTx,
  events: DomainEvent[],
  options: { notify?: boolean } = {},
): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = events.map((e) => ({
    account_id: e.accountId,
    event_type: e.eventType,
    aggregate_type: e.aggregateType,
    aggregate_id: e.aggregateId,
    payload: e.payload ?? {},
  }));
  const committed = poolOf(tx) !== undefined;
  const notifyHere = options.notify !== false && !committed;
  // One round trip: the insert (and, in a transaction, the wake-up notification) in a single
  // statement, named: it reads no table, so the plan each connection keeps cannot go stale (see
  // executeNamed).
  const inserted = sql`
      INSERT INTO ${outboxEvents} (account_id, event_type, aggregate_type, aggregate_id, payload, occurred_at)
      SELECT account_id, event_type, aggregate_type, aggregate_id, payload, ${IN_WRITE_ORDER('e.n')}
      FROM ROWS FROM (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS (account_id uuid, event_type text, aggregate_type text, aggregate_id uuid, payload jsonb))
        WITH ORDINALITY AS e(account_id, event_type, aggregate_type, aggregate_id, payload, n)
      RETURNING id`;
  const result = notifyHere
    ? await executeNamed<{ id: string }>(
        tx,
        'outbox-write',
        sql`WITH inserted AS (${inserted}), woken AS (SELECT pg_notify(${OUTBOX_CHANNEL}, ''))
        SELECT inserted.id FROM inserted, woken`,
      )
    : await executeNamed<{ id: string }>(tx, 'outbox-write-quiet', inserted);
  if (committed && options.notify !== false) await notifyListeners(tx, OUTBOX_CHANNEL);
  return result.rows.map((r) => r.id);
}
