import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneExpired } from '../../src/dispatch/reconcile/prune-expired.js';
import { RECONCILE_DEFAULTS } from '../../src/dispatch/reconcile/settings.js';
import { addMember, createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
let sql: pg.Client;
let owner: Session;
let stranger: Session;
let smsA: string;
let smsB: string;
const as = (s: Session) => ({ token: s.token, accountId: s.accountId });

/** Outbound messages as the send path leaves them, created at `at`. */
async function seed(accountId: string, channelId: string, at: string, statuses: Record<string, number>) {
  for (const [status, count] of Object.entries(statuses)) {
    const sent = status === 'sent' || status === 'delivered';
    await sql.query(
      `INSERT INTO messages (account_id, channel_id, direction, status, delivery_address, created_at, sent_at)
       SELECT $1, $2, 'outbound', $3, '+255700000000', $4::timestamptz, CASE WHEN $5 THEN $4::timestamptz END
       FROM generate_series(1, $6::int)`,
      [accountId, channelId, status, at, sent, count],
    );
  }
}

beforeAll(async () => {
  t = await setupTestApp();
  sql = new pg.Client({ connectionString: t.databaseUrl });
  await sql.connect();
  owner = await signUp(t, { accountName: 'Acme' });
  stranger = await signUp(t, { accountName: 'Globex' });
  smsA = await createSandboxChannel(t, owner);
  smsB = await createSandboxChannel(t, owner);
  const theirs = await createSandboxChannel(t, stranger);
  await seed(owner.accountId, smsA, '2026-11-02T10:00:00Z', { delivered: 8, sent: 1, permanently_failed: 1 });
  await seed(owner.accountId, smsB, '2026-11-02T23:30:00Z', { delivered: 3, queued: 2 });
  await seed(owner.accountId, smsA, '2026-11-04T08:00:00Z', { delivered: 1, permanently_failed: 4 });
  // Outside the range, inbound, and another account: never counted.
  await seed(owner.accountId, smsA, '2026-11-06T08:00:00Z', { delivered: 50 });
  await sql.query(
    `INSERT INTO messages (account_id, channel_id, direction, status, created_at, sent_at)
     VALUES ($1, $2, 'inbound', 'delivered', '2026-11-02T12:00:00Z', '2026-11-02T12:00:00Z')`,
    [owner.accountId, smsA],
  );
  await seed(stranger.accountId, theirs, '2026-11-02T10:00:00Z', { delivered: 70 });
});

afterAll(async () => {
  await sql?.end();
  await t?.close();
});

describe('GET /v1/stats/messages', () => {
  it('counts sent, delivered and failed per day with the delivery rate, zero-filling quiet days', async () => {
    const res = await t.request(
      'GET',
      '/v1/stats/messages?from=2026-11-02&to=2026-11-05&interval=day',
      as(owner),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      from: '2026-11-02',
      to: '2026-11-05',
      interval: 'day',
      timezone: 'UTC',
    });
    expect(res.body.totals).toEqual({ sent: 13, delivered: 12, failed: 5, delivery_rate: 0.9231 });
    expect(res.body.items).toEqual([
      { period_start: '2026-11-02', sent: 12, delivered: 11, failed: 1, delivery_rate: 0.9167 },
      { period_start: '2026-11-03', sent: 0, delivered: 0, failed: 0, delivery_rate: null },
      { period_start: '2026-11-04', sent: 1, delivered: 1, failed: 4, delivery_rate: 1 },
      { period_start: '2026-11-05', sent: 0, delivered: 0, failed: 0, delivery_rate: null },
    ]);
  });

  it('splits by channel and buckets days in the requested time zone', async () => {
    const res = await t.request(
      'GET',
      '/v1/stats/messages?from=2026-11-02&to=2026-11-03&group_by=channel&timezone=Africa/Addis_Ababa',
      as(owner),
    );
    expect(res.status, res.text).toBe(200);
    const [first, second] = [smsA, smsB].sort();
    const byKey = Object.fromEntries(
      res.body.items.map((i: any) => [`${i.period_start} ${i.channel_id}`, [i.sent, i.delivered, i.failed]]),
    );
    // 23:30 UTC on the 2nd is 02:30 on the 3rd in Addis Ababa (UTC+3).
    expect(byKey).toEqual({
      [`2026-11-02 ${smsA}`]: [9, 8, 1],
      [`2026-11-02 ${smsB}`]: [0, 0, 0],
      [`2026-11-03 ${smsA}`]: [0, 0, 0],
      [`2026-11-03 ${smsB}`]: [3, 3, 0],
    });
    expect(res.body.items.map((i: any) => i.channel_id)).toEqual([first, second, first, second]);
  });

  it('refuses a range that is reversed, too long, or not dates, and an unknown time zone', async () => {
    for (const query of [
      'from=2026-11-05&to=2026-11-01',
      'from=2026-01-01&to=2026-12-31',
      'from=2026-02-30&to=2026-03-01',
      'from=yesterday&to=2026-03-01',
      'from=2026-03-01&to=2026-03-02&timezone=Mars/Olympus',
      'from=2026-03-01&to=2026-03-02&interval=week',
      'to=2026-03-02',
    ]) {
      const res = await t.request('GET', `/v1/stats/messages?${query}`, as(owner));
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.length, query).toBeGreaterThan(0);
    }
  });

  it('needs messages:read in the account', async () => {
    const query = '/v1/stats/messages?from=2026-11-02&to=2026-11-05';
    expect((await t.request('GET', query)).status).toBe(401);
    const outsider = await t.request('GET', query, { token: stranger.token, accountId: owner.accountId });
    expect(outsider.status).toBe(403);
    const role = await t.request('POST', '/v1/roles', {
      ...as(owner),
      body: { name: 'contacts-only', permissions: ['contacts:read'] },
    });
    expect(role.status, role.text).toBe(201);
    const limited = await addMember(t, owner, 'contacts-only');
    expect((await t.request('GET', query, as(limited))).status).toBe(403);
    // The other account sees only its own.
    const theirs = await t.request('GET', query, as(stranger));
    expect(theirs.body.totals).toMatchObject({ sent: 70, delivered: 70, failed: 0 });
  });
});

/** A broadcast of `accountId` started at `startedAt`, with its messages' events at the given times. */
async function broadcastWithEvents(
  accountId: string,
  channelId: string,
  group: { startedAt: string; completedAt: string | null },
  messages: { status: string; sent?: string; delivered?: string; failed?: string }[],
): Promise<string> {
  const created = await sql.query<{ id: string }>(
    `INSERT INTO group_messages (account_id, name, channel_id, status, total_recipients, started_at, completed_at)
     VALUES ($1, 'Chart', $2, $3, $4, $5, $6) RETURNING id`,
    [
      accountId,
      channelId,
      group.completedAt ? 'completed' : 'processing',
      messages.length,
      group.startedAt,
      group.completedAt,
    ],
  );
  const id = created.rows[0]!.id;
  for (const m of messages) {
    await sql.query(
      `INSERT INTO messages (account_id, channel_id, group_message_id, direction, status, delivery_address,
         created_at, sent_at, delivered_at, failed_at)
       VALUES ($1, $2, $3, 'outbound', $4, '+255700000000', $5, $6, $7, $8)`,
      [
        accountId,
        channelId,
        id,
        m.status,
        group.startedAt,
        m.sent ?? null,
        m.delivered ?? null,
        m.failed ?? null,
      ],
    );
  }
  return id;
}

describe('GET /v1/stats/messages for one broadcast', () => {
  let groupId: string;
  beforeAll(async () => {
    groupId = await broadcastWithEvents(
      owner.accountId,
      smsA,
      { startedAt: '2026-11-10T09:00:10Z', completedAt: '2026-11-10T09:02:30Z' },
      [
        { status: 'delivered', sent: '2026-11-10T09:00:20Z', delivered: '2026-11-10T09:00:40Z' },
        { status: 'delivered', sent: '2026-11-10T09:00:30Z', delivered: '2026-11-10T09:03:05Z' },
        { status: 'sent', sent: '2026-11-10T09:01:10Z' },
        { status: 'permanently_failed', failed: '2026-11-10T09:02:20Z' },
        // A failed attempt that was retried and sent counts as sent only.
        { status: 'sent', sent: '2026-11-10T09:02:25Z', failed: '2026-11-10T09:01:50Z' },
      ],
    );
  });

  it('counts each event in the minute it happened, from the start to the last event', async () => {
    const res = await t.request(
      'GET',
      `/v1/stats/messages?group_message_id=${groupId}&interval=minute`,
      as(owner),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      from: '2026-11-10',
      to: '2026-11-10',
      interval: 'minute',
      group_message_id: groupId,
      totals: { sent: 4, delivered: 2, failed: 1 },
    });
    expect(res.body.items.map((i: any) => [i.period_start, i.sent, i.delivered, i.failed])).toEqual([
      ['2026-11-10T09:00:00.000Z', 2, 1, 0],
      ['2026-11-10T09:01:00.000Z', 1, 0, 0],
      ['2026-11-10T09:02:00.000Z', 1, 0, 1],
      // The last receipt came after the broadcast completed.
      ['2026-11-10T09:03:00.000Z', 0, 1, 0],
    ]);
  });

  it('buckets hours on the hour of the time zone, within a range of days', async () => {
    const res = await t.request(
      'GET',
      `/v1/stats/messages?group_message_id=${groupId}&interval=hour&from=2026-11-10&to=2026-11-10&timezone=Asia/Kolkata`,
      as(owner),
    );
    expect(res.status, res.text).toBe(200);
    // A day of hours in Kolkata (UTC+05:30): from 18:30 UTC the day before; 09:00 UTC is 14:30 there.
    expect(res.body.items).toHaveLength(24);
    expect(res.body.items[0].period_start).toBe('2026-11-09T18:30:00.000Z');
    const busy = res.body.items.filter((i: any) => i.sent + i.delivered + i.failed > 0);
    expect(busy).toEqual([
      { period_start: '2026-11-10T08:30:00.000Z', sent: 4, delivered: 2, failed: 1, delivery_rate: 0.5 },
    ]);
  });

  it('still counts the account per hour from the deltas', async () => {
    const res = await t.request(
      'GET',
      '/v1/stats/messages?from=2026-11-02&to=2026-11-02&interval=hour',
      as(owner),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.items).toHaveLength(24);
    expect(res.body.items[10]).toMatchObject({
      period_start: '2026-11-02T10:00:00.000Z',
      sent: 9,
      failed: 1,
    });
    expect(res.body.items[23]).toMatchObject({ period_start: '2026-11-02T23:00:00.000Z', sent: 3 });
  });

  it('refuses minutes without a broadcast, too many buckets, and another account’s broadcast', async () => {
    const minutes = await t.request(
      'GET',
      '/v1/stats/messages?from=2026-11-02&to=2026-11-02&interval=minute',
      as(owner),
    );
    expect(minutes.status).toBe(400);
    expect(minutes.body.errors.map((e: any) => e.path)).toContain('interval');
    const noRange = await t.request('GET', '/v1/stats/messages', as(owner));
    expect(noRange.status).toBe(400);
    expect(noRange.body.errors.map((e: any) => e.path)).toEqual(expect.arrayContaining(['from', 'to']));
    const tooMany = await t.request(
      'GET',
      `/v1/stats/messages?group_message_id=${groupId}&interval=minute&from=2026-11-09&to=2026-11-11`,
      as(owner),
    );
    expect(tooMany.status).toBe(400);
    // Running for three days: too many minutes, not too many hours.
    const long = await broadcastWithEvents(
      owner.accountId,
      smsA,
      { startedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(), completedAt: null },
      [],
    );
    const spans = await t.request(
      'GET',
      `/v1/stats/messages?group_message_id=${long}&interval=minute`,
      as(owner),
    );
    expect(spans.status, spans.text).toBe(422);
    expect(spans.body.errors[0]).toMatchObject({ path: 'interval' });
    const hours = await t.request(
      'GET',
      `/v1/stats/messages?group_message_id=${long}&interval=hour`,
      as(owner),
    );
    expect(hours.status, hours.text).toBe(200);
    expect(hours.body.items.length).toBeGreaterThanOrEqual(72);
    expect(hours.body.totals).toMatchObject({ sent: 0, delivered: 0, failed: 0 });
    const theirs = await t.request(
      'GET',
      `/v1/stats/messages?group_message_id=${groupId}&interval=minute`,
      as(stranger),
    );
    expect(theirs.status).toBe(404);
  });
});

describe('GET /v1/stats/messages after later writes', () => {
  it('follows sends, receipts and deletes of messages already counted', async () => {
    const day = '/v1/stats/messages?from=2026-11-02&to=2026-11-02&group_by=channel';
    const before = await t.request('GET', day, as(owner));
    const b = before.body.items.find((i: any) => i.channel_id === smsB);
    expect([b.sent, b.delivered, b.failed]).toEqual([3, 3, 0]);
    // The two queued messages are sent, then one is delivered and one reported failed; one of the
    // delivered ones is deleted.
    await sql.query(
      `UPDATE messages SET status = 'sent', sent_at = created_at WHERE channel_id = $1 AND status = 'queued'`,
      [smsB],
    );
    await sql.query(
      `UPDATE messages SET status = CASE WHEN id = (SELECT min(id::text)::uuid FROM messages WHERE channel_id = $1 AND status = 'sent')
         THEN 'delivered' ELSE 'permanently_failed' END
       WHERE channel_id = $1 AND status = 'sent'`,
      [smsB],
    );
    await sql.query(
      `DELETE FROM messages WHERE id = (SELECT min(id::text)::uuid FROM messages WHERE channel_id = $1 AND status = 'delivered')`,
      [smsB],
    );
    const after = await t.request('GET', day, as(owner));
    const a = after.body.items.find((i: any) => i.channel_id === smsB);
    expect([a.sent, a.delivered, a.failed]).toEqual([4, 3, 1]);
  });
});

describe('message_stat_deltas compaction (reconciler)', () => {
  it('folds the deltas of settled hours into one row per channel without changing any count', async () => {
    const at = new Date(Date.now() - 5 * 3_600_000).toISOString();
    const today = at.slice(0, 10);
    await seed(owner.accountId, smsA, at, { queued: 30 });
    // Sent and then delivered in takes of 10, as send flushes and receipt batches would.
    for (let i = 0; i < 3; i++) {
      await sql.query(
        `UPDATE messages SET status = 'sent', sent_at = created_at WHERE id IN (
           SELECT id FROM messages WHERE channel_id = $1 AND status = 'queued' AND created_at = $2 LIMIT 10)`,
        [smsA, at],
      );
      await sql.query(
        `UPDATE messages SET status = 'delivered' WHERE id IN (
           SELECT id FROM messages WHERE channel_id = $1 AND status = 'sent' AND created_at = $2 LIMIT 10)`,
        [smsA, at],
      );
    }
    const query = `/v1/stats/messages?from=${today}&to=${today}&timezone=UTC`;
    const before = await t.request('GET', query, as(owner));
    expect(before.body.totals).toMatchObject({ sent: 30, delivered: 30, failed: 0 });
    const rows = async () =>
      (
        await sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM message_stat_deltas WHERE account_id = $1 AND hour = date_trunc('hour', $2::timestamptz)`,
          [owner.accountId, at],
        )
      ).rows[0]!.n;
    expect(await rows()).toBeGreaterThan(1);
    const pruned = await pruneExpired(t.runtime.database.db, RECONCILE_DEFAULTS);
    expect(pruned.statDeltas).toBeGreaterThan(0);
    expect(await rows()).toBe(1);
    const after = await t.request('GET', query, as(owner));
    expect(after.body).toEqual(before.body);
  });
});
