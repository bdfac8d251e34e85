import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, openSql, queueBroadcast, startRoles, stopRoles, waitFor, watchGroup } from './support.js';

let t: TestContext;
let owner: Session;
let sql: pg.Client;
let workers: RunningWorker[] = [];

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  sql = await openSql(t);
  // A small window keeps the fan-out waiting on the sends, so the cancel lands in the middle of both.
  workers = await startRoles(t, { send: true, fanout: { pageSize: 250, windowMessages: 1_000 } });
});
afterAll(async () => {
  await stopRoles(workers);
  await sql.end();
  await t.close();
});

async function fanoutIdle(): Promise<boolean> {
  const counts = await t.runtime.queues
    .get('fanout')
    .getJobCounts('wait', 'delayed', 'active', 'prioritized');
  return Object.values(counts).every((n) => n === 0);
}

it('cancels mid-way: no message reaches a provider after the cancel, and the counters add up', async () => {
  // 200 messages a second with a slow provider: the broadcast takes about 20 s uncancelled.
  const channelId = await createSandboxChannel(t, owner, { delay_ms: 10 }, { rate_limit: 200 });
  const id = await queueBroadcast(t, sql, owner, {
    channelId,
    recipients: 4_000,
    area: 301,
    name: 'Big',
    messageBody: 'Hello',
  });

  await watchGroup(t, owner, id, (g) => g.sent_count >= 100, 'the first sends');
  const cancel = await t.request('POST', `/v1/group-messages/${id}/cancel`, as(owner));
  expect(cancel.status, cancel.text).toBe(200);
  expect(cancel.body.status).toBe('cancelled');
  const {
    rows: [mark],
  } = await sql.query<{ at: Date; written: number }>(
    'SELECT clock_timestamp() AS at, (SELECT count(*)::int FROM messages WHERE group_message_id = $1) AS written',
    [id],
  );
  // The fan-out had not reached everyone: part of the audience is cancelled without a row.
  expect(mark!.written).toBeLessThan(4_000);

  // Messages already with the provider at the cancel settle as sent; nothing else moves.
  const final = await watchGroup(t, owner, id, (g) => g.pending_count === 0, 'the in-flight sends to settle');
  expect(final).toMatchObject({
    status: 'cancelled',
    total_recipients: 4_000,
    failed_count: 0,
    skipped_count: 0,
  });
  expect(final.sent_count + final.cancelled_count).toBe(4_000);

  await waitFor(fanoutIdle, 'the fan-out job to stop');
  const { rows } = await sql.query<{ status: string; n: number; late: number }>(
    `SELECT status, count(*)::int AS n, count(*) FILTER (WHERE sending_at > $2)::int AS late
     FROM messages WHERE group_message_id = $1 GROUP BY status`,
    [id, mark!.at],
  );
  const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  expect(rows.reduce((sum, r) => sum + r.late, 0)).toBe(0);
  expect(Object.keys(byStatus).every((s) => ['sent', 'delivered', 'cancelled'].includes(s))).toBe(true);
  // No page was written after the cancel.
  expect(rows.reduce((sum, r) => sum + r.n, 0)).toBe(mark!.written);
  expect((byStatus.cancelled ?? 0) + (4_000 - mark!.written)).toBe(final.cancelled_count);
  expect((byStatus.sent ?? 0) + (byStatus.delivered ?? 0)).toBe(final.sent_count);
});

it('stops the sends of a chunk already claimed when the broadcast is cancelled', async () => {
  // A slow provider and no rate limit: a send job claims 100 messages at once, then calls the
  // provider 32 at a time, 1.5 s each; the cancel lands during the first calls.
  const DELAY_MS = 1_500;
  const channelId = await createSandboxChannel(t, owner, { delay_ms: DELAY_MS });
  const id = await queueBroadcast(t, sql, owner, { channelId, recipients: 100, area: 302, name: 'Slow' });
  await waitFor(async () => {
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM messages WHERE group_message_id = $1 AND status = 'sending'`,
      [id],
    );
    return rows[0].n > 0;
  }, 'a claimed chunk');
  const cancel = await t.request('POST', `/v1/group-messages/${id}/cancel`, as(owner));
  expect(cancel.status, cancel.text).toBe(200);
  const {
    rows: [mark],
  } = await sql.query<{ at: Date }>('SELECT clock_timestamp() AS at');
  const final = await watchGroup(t, owner, id, (g) => g.pending_count === 0, 'the claimed chunk to settle');
  expect(final.status).toBe('cancelled');
  expect(final.sent_count + final.cancelled_count).toBe(100);
  expect(final.cancelled_count).toBeGreaterThan(0);
  // The sandbox records a send DELAY_MS after its call began: none began after the cancel.
  const { rows } = await sql.query<{ late: number; cancelled: number }>(
    `SELECT count(*) FILTER (WHERE sent_at > $2::timestamptz + make_interval(secs => $3 / 1000.0))::int AS late,
       count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled
     FROM messages WHERE group_message_id = $1`,
    [id, mark!.at, DELAY_MS],
  );
  expect(rows[0]).toEqual({ late: 0, cancelled: final.cancelled_count });
}, 60_000);
