import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROGRESSING_RESCAN_MS,
  type RebatchPosition,
  rebatchBroadcastMessages,
} from '../../src/dispatch/reconcile/rebatch-broadcasts.js';
import { RECONCILE_DEFAULTS } from '../../src/dispatch/reconcile/settings.js';
import { JOBS } from '../../src/queues/catalog.js';
import { openSql } from '../fanout/support.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// The reconciler looks for broadcast messages that wait with no job holding them. It read every
// waiting message of every candidate broadcast on every run (5 s): for a long broadcast on a slow
// channel, all of its queued messages, each time. No relay, consumer or sender runs here.

let t: TestContext;
let owner: Session;
let sql: pg.Client;
let channelId: string;

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Slow channel' });
  sql = await openSql(t);
  channelId = await createSandboxChannel(t, owner);
});
afterAll(async () => {
  await sql.end();
  await t.close();
});

async function broadcast(updatedAgo: string): Promise<string> {
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO group_messages (account_id, name, channel_id, status, started_at, fanout_completed_at, updated_at)
     VALUES ($1, 'Long', $2, 'processing', now(), now(), now() - $3::interval) RETURNING id`,
    [owner.accountId, channelId, updatedAgo],
  );
  return rows[0]!.id;
}

/** `count` queued messages of the broadcast, waiting for a minute, in id order. */
async function waiting(groupId: string, count: number): Promise<string[]> {
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO messages (account_id, channel_id, group_message_id, direction, status, delivery_address,
       queued_at, updated_at)
     SELECT $1, $2, $3, 'outbound', 'queued', '+2519' || lpad(i::text, 8, '0'),
       now() - interval '1 minute', now() - interval '1 minute'
     FROM generate_series(1, $4::int) i
     RETURNING id`,
    [owner.accountId, channelId, groupId, count],
  );
  return rows.map((r) => r.id).sort();
}

const run = (position: RebatchPosition, now: number, overrides: Partial<typeof RECONCILE_DEFAULTS> = {}) =>
  rebatchBroadcastMessages(
    t.runtime.database.db,
    t.runtime.queues,
    { ...RECONCILE_DEFAULTS, ...overrides },
    position,
    now,
  );

describe('re-batching stranded broadcast messages', () => {
  it('reads a broadcast that is being sent at most once a minute, a stalled one on every run', async () => {
    const sending = await broadcast('0 seconds');
    await waiting(sending, 10);
    const position: RebatchPosition = { after: '00000000-0000-0000-0000-000000000000' };
    const start = Date.now();
    expect(await run(position, start)).toEqual({ rebatched: 10, settled: 0 });
    // Ten more lose their job while its counters keep moving: not looked for again within the minute.
    await waiting(sending, 10);
    expect(await run(position, start + 5_000)).toEqual({ rebatched: 0, settled: 0 });
    expect(await run(position, start + PROGRESSING_RESCAN_MS)).toEqual({ rebatched: 10, settled: 0 });
    // Its counters stop moving: every run looks.
    await sql.query(`UPDATE group_messages SET updated_at = now() - interval '1 minute' WHERE id = $1`, [
      sending,
    ]);
    await waiting(sending, 10);
    expect(await run(position, start + PROGRESSING_RESCAN_MS + 5_000)).toEqual({ rebatched: 10, settled: 0 });
    await sql.query(`UPDATE group_messages SET status = 'completed' WHERE id = $1`, [sending]);
  });

  it('reads a broadcast with more waiting messages than a run may read a slice per run', async () => {
    const stalled = await broadcast('1 minute');
    const ids = await waiting(stalled, 2_500);
    // The first 2,000 are held by live send jobs (100 each); the last 500 lost theirs.
    for (let i = 0; i < 2_000; i += 100) {
      await t.runtime.queues.get(JOBS['send-batch'].queue).add('send-batch', {
        groupMessageId: stalled,
        accountId: owner.accountId,
        channelId,
        messageIds: ids.slice(i, i + 100),
      });
    }
    const position: RebatchPosition = { after: '00000000-0000-0000-0000-000000000000' };
    const now = Date.now();
    const slice = { scanPerStep: 1_000 };
    expect(await run(position, now, slice)).toEqual({ rebatched: 0, settled: 0 });
    expect(await run(position, now + 5_000, slice)).toEqual({ rebatched: 0, settled: 0 });
    expect(await run(position, now + 10_000, slice)).toEqual({ rebatched: 500, settled: 0 });
    const jobs = await t.runtime.queues.get(JOBS['send-batch'].queue).getJobs(['wait']);
    const rebatched = jobs
      .filter((j) => String(j.id).startsWith(`rebatch:${stalled}:`))
      .flatMap((j) => j.data.messageIds as string[]);
    expect(rebatched.sort()).toEqual(ids.slice(2_000));
    // Found in full, the next scan starts over: nothing is left to re-batch.
    expect(await run(position, now + 15_000, slice)).toEqual({ rebatched: 0, settled: 0 });
  });
});
