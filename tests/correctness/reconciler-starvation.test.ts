import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../src/queues/catalog.js';
import { openSql } from '../fanout/support.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { createReconciler } from '../reconciler/support.js';

// Defects 7 and 8: the reconciler's candidate queries took the first N rows with no regard for
// whether a row could be restored (orphaned or cancelled broadcasts, messages whose job is live),
// so a backlog of such rows hid lost work from every later run. No relay, consumer or sender runs
// here: the test decides which jobs exist.

let t: TestContext;
let alice: Session;
let bob: Session;
let sql: pg.Client;
let aliceChannel: string;
let bobChannel: string;

beforeAll(async () => {
  t = await setupTestApp();
  alice = await signUp(t, { accountName: 'Alice' });
  bob = await signUp(t, { accountName: 'Bob' });
  sql = await openSql(t);
  aliceChannel = await createSandboxChannel(t, alice);
  bobChannel = await createSandboxChannel(t, bob);
});
afterAll(async () => {
  await sql.end();
  await t.close();
});

const bulk = () => t.runtime.queues.get(JOBS['send-batch'].queue);

/** Message ids a live send-batch job holds. */
async function heldByBulkJobs(): Promise<Set<string>> {
  const jobs = await bulk().getJobs(['wait', 'delayed', 'prioritized', 'active']);
  return new Set(jobs.flatMap((j) => j.data.messageIds as string[]));
}

/** Broadcasts of `owner`, processing, one queued message each that no job holds. */
async function strandedBroadcasts(owner: Session, channelId: string, count: number, idPrefix?: string) {
  const groups = await sql.query<{ id: string }>(
    `INSERT INTO group_messages (id, account_id, name, channel_id, status, total_recipients, fanout_written,
       started_at, fanout_completed_at, updated_at)
     SELECT ${idPrefix ? `('${idPrefix}-' || substr(gen_random_uuid()::text, 10))::uuid` : 'gen_random_uuid()'},
       $1, 'Stranded ' || i, $2, 'processing', 1, 1, now(), now(), now() - interval '1 minute'
     FROM generate_series(1, $3::int) i
     RETURNING id`,
    [owner.accountId, channelId, count],
  );
  const messages = await sql.query<{ id: string; group_message_id: string }>(
    `INSERT INTO messages (account_id, channel_id, group_message_id, direction, status, delivery_address,
       queued_at, updated_at)
     SELECT $1, $2, g, 'outbound', 'queued', '+2519110' || lpad((row_number() OVER ())::text, 5, '0'),
       now() - interval '1 minute', now() - interval '1 minute'
     FROM unnest($3::uuid[]) g
     RETURNING id, group_message_id`,
    [owner.accountId, channelId, groups.rows.map((g) => g.id)],
  );
  return messages.rows;
}

describe('7. orphaned broadcast messages', () => {
  it('do not keep a healthy broadcast that lost its jobs from being re-batched', async () => {
    // 1,000 queued messages whose broadcast was cancelled (500) or deleted (500), with group ids that
    // sort before any real one.
    await sql.query(
      `WITH g AS (
         INSERT INTO group_messages (id, account_id, name, channel_id, status, completed_at)
         SELECT ('00000000-' || substr(gen_random_uuid()::text, 10))::uuid, $1, 'Cancelled ' || i, $2, 'cancelled', now()
         FROM generate_series(1, 500) i RETURNING id)
       INSERT INTO messages (account_id, channel_id, group_message_id, direction, status, delivery_address, updated_at)
       SELECT $1, $2, id, 'outbound', 'queued', '+251911000001', now() - interval '1 hour' FROM g`,
      [bob.accountId, bobChannel],
    );
    await sql.query(
      `INSERT INTO messages (account_id, channel_id, group_message_id, direction, status, delivery_address, updated_at)
       SELECT $1, $2, ('00000000-' || substr(gen_random_uuid()::text, 10))::uuid, 'outbound', 'queued', '+251911000002',
         now() - interval '1 hour'
       FROM generate_series(1, 500) i`,
      [bob.accountId, bobChannel],
    );
    const [healthy] = await strandedBroadcasts(alice, aliceChannel, 1, 'ffffffff');

    const report = await createReconciler(t, { queuedGraceMs: 0 }).runOnce();
    expect(report?.failed).toEqual([]);
    expect(await heldByBulkJobs()).toContain(healthy!.id);
  });

  it('re-batches every stranded broadcast over successive runs, not the same first ones', async () => {
    const stranded = await strandedBroadcasts(alice, aliceChannel, 15);
    const reconciler = createReconciler(t, { queuedGraceMs: 0, groupsPerRun: 10 });
    await reconciler.runOnce();
    await reconciler.runOnce();
    const held = await heldByBulkJobs();
    expect(stranded.filter((m) => !held.has(m.id))).toEqual([]);
  });
});

describe('8. a backlog of waiting work with live jobs', () => {
  it('does not hide a newer single message whose job was lost', async () => {
    // Alice's channel is throttled: 60 older messages wait, each on its live (delayed) job.
    const waiting = await sql.query<{ id: string }>(
      `INSERT INTO messages (account_id, channel_id, direction, status, delivery_address, queued_at, updated_at)
       SELECT $1, $2, 'outbound', 'queued', '+2519112' || lpad(i::text, 5, '0'),
         now() - interval '1 hour', now() - interval '1 hour' + i * interval '1 second'
       FROM generate_series(1, 60) i RETURNING id`,
      [alice.accountId, aliceChannel],
    );
    for (const row of waiting.rows) {
      await t.runtime.queues.enqueue(
        'send',
        { messageId: row.id, accountId: alice.accountId, attempt: 1 },
        { delay: 3_600_000 },
      );
    }
    // Bob's message lost its job.
    const lost = await sql.query<{ id: string }>(
      `INSERT INTO messages (account_id, channel_id, direction, status, delivery_address, queued_at, updated_at)
       VALUES ($1, $2, 'outbound', 'queued', '+251911300001', now() - interval '1 minute', now() - interval '1 minute')
       RETURNING id`,
      [bob.accountId, bobChannel],
    );
    const lostId = lost.rows[0]!.id;

    const report = await createReconciler(t, { queuedGraceMs: 0, rowsPerStep: 50 }).runOnce();
    expect(report?.singles).toBe(1);
    expect(await t.runtime.queues.get(JOBS.send.queue).getJobState(`send:${lostId}:1`)).toMatch(
      /waiting|prioritized|delayed/,
    );
  });

  it('does not hide a newer broadcast whose fan-out job was lost', async () => {
    const waiting = await sql.query<{ id: string }>(
      `INSERT INTO group_messages (account_id, name, channel_id, status, started_at, updated_at)
       SELECT $1, 'Waiting ' || i, $2, 'processing', now(), now() - interval '1 hour' + i * interval '1 second'
       FROM generate_series(1, 60) i RETURNING id`,
      [alice.accountId, aliceChannel],
    );
    for (const row of waiting.rows) {
      await t.runtime.queues.enqueue(
        'fanout',
        { groupMessageId: row.id, accountId: alice.accountId, page: 0 },
        { delay: 3_600_000 },
      );
    }
    const lost = await sql.query<{ id: string }>(
      `INSERT INTO group_messages (account_id, name, channel_id, status, started_at, updated_at)
       VALUES ($1, 'Lost', $2, 'processing', now(), now() - interval '1 minute') RETURNING id`,
      [bob.accountId, bobChannel],
    );
    const lostId = lost.rows[0]!.id;

    const report = await createReconciler(t, { queuedGraceMs: 0, rowsPerStep: 50 }).runOnce();
    expect(report?.fanouts).toBe(1);
    const jobs = await t.runtime.queues.get(JOBS.fanout.queue).getJobs(['wait', 'delayed', 'prioritized']);
    expect(jobs.map((j) => j.data.groupMessageId)).toContain(lostId);
  });
});
