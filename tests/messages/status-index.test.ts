import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/db/schema/index.js';
import { listSelect, listWhere, parseListQuery } from '../../src/http/list-query.js';
import { messageList, messageScope } from '../../src/modules/messages/service.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// The account's status index holds only the statuses a message ends in when something went wrong
// or waits: the send path (queued → sending → sent/delivered) never writes it, and a list of failed
// messages among many delivered ones still reads it.

let t: TestContext;
let owner: Session;
let other: Session;

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Statuses' });
  other = await signUp(t, { accountName: 'Other' });
  const { pool } = t.runtime.database;
  // As on a new deployment's first big broadcast: no statistics yet.
  await pool.query('ALTER TABLE messages SET (autovacuum_enabled = false)');
  const insert = (accountId: string, status: string, count: number) =>
    pool.query(
      `INSERT INTO messages (account_id, status, delivery_address, message_body, created_at)
       SELECT $1, $2, '+2519' || lpad(i::text, 8, '0'), 'Hello', now() - make_interval(secs => i)
       FROM generate_series(1, $3) i`,
      [accountId, status, count],
    );
  await insert(owner.accountId, 'delivered', 60_000);
  await insert(owner.accountId, 'sent', 20_000);
  await insert(owner.accountId, 'queued', 30);
  await insert(owner.accountId, 'sending', 20);
  await insert(owner.accountId, 'permanently_failed', 40);
  await insert(owner.accountId, 'skipped', 7);
  await insert(other.accountId, 'permanently_failed', 5);
});
afterAll(async () => {
  await t.close();
});

const plan = async (filter: string) => {
  const parsed = parseListQuery({ filter, page_size: '20' }, messageList);
  const query = listSelect(
    t.runtime.database.db,
    messages,
    listWhere(messageScope(owner.accountId), parsed),
    parsed,
  ).toSQL();
  const result = await t.runtime.database.pool.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN ${query.sql}`,
    query.params,
  );
  return result.rows.map((r) => r['QUERY PLAN']).join('\n');
};

describe("the account's status index", () => {
  it('holds no message that is queued, sending, sent or delivered', async () => {
    const { rows } = await t.runtime.database.pool.query<{ pages: number }>(
      `SELECT pg_relation_size('messages_account_status_idx') / current_setting('block_size')::int AS pages`,
    );
    // 80,000 entries would take a few hundred pages; the 52 failed and skipped rows fit in one leaf.
    expect(Number(rows[0]!.pages)).toBeLessThanOrEqual(3);
  });

  it('serves a list of failed or skipped messages among many delivered ones', async () => {
    expect(await plan('status:eq:permanently_failed')).toContain('messages_account_status_idx');
    expect(await plan('status:in:permanently_failed,skipped')).toContain('messages_account_status_idx');

    const res = await t.request('GET', '/v1/messages?filter=status:eq:permanently_failed&page_size=100', {
      token: owner.token,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ total: 40, total_is_estimate: false });
    expect(res.body.items).toHaveLength(40);
    expect(new Set(res.body.items.map((m: { status: string }) => m.status))).toEqual(
      new Set(['permanently_failed']),
    );
    const either = await t.request('GET', '/v1/messages?filter=status:in:permanently_failed,skipped', {
      token: owner.token,
    });
    expect(either.body).toMatchObject({ total: 47 });
  });

  it('still lists the statuses it does not hold', async () => {
    for (const [status, total] of [
      ['queued', 30],
      ['sending', 20],
    ] as const) {
      const res = await t.request('GET', `/v1/messages?filter=status:eq:${status}&page_size=100`, {
        token: owner.token,
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body, status).toMatchObject({ total, total_is_estimate: false });
      expect(res.body.items.every((m: { status: string }) => m.status === status)).toBe(true);
    }
    const delivered = await t.request('GET', '/v1/messages?filter=status:eq:delivered&page_size=5', {
      token: owner.token,
    });
    expect(delivered.status).toBe(200);
    expect(delivered.body.items).toHaveLength(5);
    expect(delivered.body.total).toBeGreaterThan(10_000);
    expect(delivered.body.total_is_estimate).toBe(true);
  });
});
