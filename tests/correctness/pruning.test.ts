import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
import { startReconciler } from '../../workers/reconciler.js';
import { openSql } from '../fanout/support.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// Defect 5: pruning deleted at most 10 × 1,000 rows per 10-minute pass, while a single message alone
// writes three outbox rows. Here rows expire as fast as they are written (1,000 a second into each
// table, kept 1 s), and the tables must stay flat under the reconciler's production pruning settings.

const RATE_PER_SECOND = 1_000;
const TICK_MS = 100;
const RUN_MS = 15_000;

let t: TestContext;
let owner: Session;
let sql: pg.Client;
let reconciler: RunningWorker;

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  sql = await openSql(t);
  // Only the retention and the run cadence are shortened: how much a pass may prune is the default.
  reconciler = await startReconciler(t.runtime, { intervalMs: 1_000, outboxRetentionMs: 1_000 });
});
afterAll(async () => {
  await reconciler.close();
  await sql.end();
  await t.close();
});

let batch = 0;
/** One tick's worth of rows: published outbox events and idempotency records that expire in 1 s. */
async function writeTick(): Promise<void> {
  batch += 1;
  const rows = (RATE_PER_SECOND * TICK_MS) / 1000;
  await sql.query(
    `INSERT INTO outbox_events (account_id, event_type, aggregate_type, aggregate_id, status, published_at)
     SELECT $1, 'message.sent', 'message', gen_random_uuid(), 'published', now()
     FROM generate_series(1, $2::int)`,
    [owner.accountId, rows],
  );
  await sql.query(
    `INSERT INTO idempotency_keys (account_id, scope, key, request_hash, expires_at)
     SELECT $1, 'POST /v1/messages', 'k-' || $3::int || '-' || i, 'h', now() + interval '1 second'
     FROM generate_series(1, $2::int) i`,
    [owner.accountId, rows, batch],
  );
}

const sizes = async () => {
  const r = await sql.query<{ outbox: number; keys: number }>(
    `SELECT (SELECT count(*)::int FROM outbox_events) AS outbox,
       (SELECT count(*)::int FROM idempotency_keys) AS keys`,
  );
  return r.rows[0]!;
};

it('keeps outbox_events and idempotency_keys flat at a sustained write rate', async () => {
  const samples: { at: number; outbox: number; keys: number }[] = [];
  const started = Date.now();
  let nextTick = started;
  while (Date.now() - started < RUN_MS) {
    await writeTick();
    if (batch % 10 === 0) samples.push({ at: Date.now() - started, ...(await sizes()) });
    nextTick += TICK_MS;
    await new Promise((r) => setTimeout(r, Math.max(0, nextTick - Date.now())));
  }
  const written = batch * ((RATE_PER_SECOND * TICK_MS) / 1000);
  expect(written).toBeGreaterThanOrEqual(RATE_PER_SECOND * 10);

  // What a second of writes, kept a second, plus a couple of runs' lag leaves in each table.
  const bound = RATE_PER_SECOND * 5;
  const lastSeconds = samples.filter((s) => s.at >= RUN_MS - 6_000);
  expect(lastSeconds.length).toBeGreaterThan(0);
  for (const s of lastSeconds) {
    expect(s.outbox, JSON.stringify(samples)).toBeLessThanOrEqual(bound);
    expect(s.keys, JSON.stringify(samples)).toBeLessThanOrEqual(bound);
  }
}, 60_000);
