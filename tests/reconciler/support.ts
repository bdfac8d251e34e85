import type pg from 'pg';
import { expect } from 'vitest';
import { Reconciler } from '../../src/dispatch/reconcile/reconciler.js';
import { RECONCILE_DEFAULTS, type ReconcileSettings } from '../../src/dispatch/reconcile/settings.js';
import { reconcilerMetrics } from '../../src/observability/reconciler-metrics.js';
import type { TestContext } from '../helpers/harness.js';

/** A reconciler on the test app's connections (runs are driven by the test with `runOnce`). */
export function createReconciler(t: TestContext, overrides: Partial<ReconcileSettings> = {}): Reconciler {
  return new Reconciler(
    {
      database: t.runtime.database,
      queues: t.runtime.queues,
      logger: t.runtime.logger,
      metrics: reconcilerMetrics(t.runtime.metrics.registry),
    },
    { ...RECONCILE_DEFAULTS, ...overrides },
  );
}

/**
 * Loses this file's Redis state as a wipe would: deletes every key under the file's queue prefix
 * (SCAN + DEL; other test files share the Redis server, so no FLUSHDB). Returns how many went.
 */
export async function dropQueueKeys(t: TestContext): Promise<number> {
  const redis = t.runtime.redis;
  let cursor = '0';
  let dropped = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${t.queuePrefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) dropped += await redis.del(...keys);
  } while (cursor !== '0');
  return dropped;
}

/** The value of one sample of the app's /metrics (0 when absent). */
export async function metricValue(t: TestContext, line: string): Promise<number> {
  const res = await t.request('GET', '/metrics');
  expect(res.status).toBe(200);
  const found = res.text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.slice(line.length + 1));
}

export type RecipientRow = {
  contact_id: string;
  status: string;
  attempts: number;
  provider_message_id: string | null;
  suspected: boolean;
};

/** Every message row of a broadcast, with what shows how often it reached the provider. */
export async function recipientRows(sql: pg.Client, groupId: string): Promise<RecipientRow[]> {
  const res = await sql.query<RecipientRow>(
    `SELECT contact_id, status, attempts, provider_message_id,
       COALESCE((metadata->>'suspected_duplicate')::boolean, false) AS suspected
     FROM messages WHERE group_message_id = $1`,
    [groupId],
  );
  return res.rows;
}

/**
 * The exactly-once check of a finished broadcast: one row per recipient, every one sent (and, on
 * the sandbox, delivered) with its own provider id, one provider call per row (attempts = 1) except
 * the rows recorded as suspected duplicates (their lost attempt, then the recorded one).
 */
export function expectEachRecipientOnce(rows: RecipientRow[], recipients: readonly string[]): void {
  expect(rows.length).toBe(recipients.length);
  expect(new Set(rows.map((r) => r.contact_id))).toEqual(new Set(recipients));
  expect(rows.filter((r) => r.status !== 'delivered')).toEqual([]);
  const providerIds = rows.map((r) => r.provider_message_id);
  expect(providerIds.every((id) => typeof id === 'string' && id.startsWith('sbx_'))).toBe(true);
  expect(new Set(providerIds).size).toBe(rows.length);
  for (const row of rows) {
    expect(row.attempts, JSON.stringify(row)).toBe(row.suspected ? 2 : 1);
  }
}
