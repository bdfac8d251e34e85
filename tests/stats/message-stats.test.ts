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
