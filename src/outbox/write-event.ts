import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
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
 * Records domain events in the caller's transaction and wakes the relay. PostgreSQL folds identical
 * notifications of one transaction into one, so a transaction sends at most one NOTIFY.
 */
export async function writeEvents(tx: DbOrTx, events: DomainEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = await tx
    .insert(outboxEvents)
    .values(
      events.map((e) => ({
        accountId: e.accountId,
        eventType: e.eventType,
        aggregateType: e.aggregateType,
        aggregateId: e.aggregateId,
        payload: e.payload ?? {},
      })),
    )
    .returning({ id: outboxEvents.id });
  await tx.execute(sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`);
  return rows.map((r) => r.id);
}
