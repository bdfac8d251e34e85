import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingOneQuery, pendingQuery, selectPending } from '../../src/dispatch/load-messages.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
let owner: Session;
let other: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Planned' });
  other = await signUp(t, { accountName: 'Other' });
});
afterAll(async () => {
  await t.close();
});

const insertQueued = (accountId: string, count: number) =>
  t.runtime.database.pool.query(
    `INSERT INTO messages (account_id, status, delivery_address, message_body)
     SELECT $1, 'queued', '+2519' || lpad(i::text, 8, '0'), 'Hello' FROM generate_series(1, $2) i`,
    [accountId, count],
  );

/**
 * The named statement's custom plan (its first executions) and its generic plan (after them), each
 * by primary key and without any index over the account's messages.
 */
async function plansOf(query: typeof pendingQuery, ids: string, accountId: string): Promise<string[]> {
  const text = query(t.runtime.database.db).toSQL().sql;
  const client = await t.runtime.database.pool.connect();
  const plans: string[] = [];
  try {
    await client.query(`PREPARE pending AS ${text}`);
    for (const mode of ['force_custom_plan', 'force_generic_plan']) {
      await client.query(`SET plan_cache_mode = ${mode}`);
      const plan = (
        await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN EXECUTE pending(${client.escapeLiteral(ids)}, ${client.escapeLiteral(accountId)})`,
        )
      ).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan, mode).toContain('messages_pkey');
      expect(plan, mode).not.toMatch(/Seq Scan on messages/);
      // No index over the account's messages (created, status) joins the lookup, nor is the
      // contact looked for among the account's contacts.
      expect(plan, mode).not.toMatch(/(messages|contacts)_account_\w+_idx/);
      plans.push(plan);
    }
  } finally {
    await client.query('DEALLOCATE ALL; RESET plan_cache_mode');
    client.release();
  }
  return plans;
}

describe('loading a batch of messages to send', () => {
  // A new deployment's first big broadcast: the fan-out wrote 150,000 messages that no ANALYZE has
  // seen yet, so the planner guesses the account holds 0.5% of the table.
  it('reads them by primary key even before the table has statistics', async () => {
    const { pool } = t.runtime.database;
    await pool.query('ALTER TABLE messages SET (autovacuum_enabled = false)');
    await insertQueued(other.accountId, 100);
    const [few] = (
      await pool.query<{ id: string }>(`SELECT id FROM messages WHERE account_id = $1 LIMIT 1`, [
        other.accountId,
      ])
    ).rows.map((r) => r.id);
    // A single's read on a table of a hundred rows: the plan its connection may keep from then on.
    await plansOf(pendingOneQuery, few!, other.accountId);
    await insertQueued(owner.accountId, 150_000);
    const ids = (
      await pool.query<{ id: string }>(
        `SELECT id FROM messages WHERE account_id = $1 ORDER BY id DESC LIMIT 100`,
        [owner.accountId],
      )
    ).rows.map((r) => r.id);
    await plansOf(pendingQuery, `{${ids.join(',')}}`, owner.accountId);
    await plansOf(pendingOneQuery, ids[0]!, owner.accountId);

    const rows = await selectPending(t.runtime.database.db, owner.accountId, ids);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    // The account is compared as text, in canonical form whatever case the id came in.
    const upper = await selectPending(t.runtime.database.db, owner.accountId.toUpperCase(), ids);
    expect(upper).toHaveLength(ids.length);
    // Another account's id finds nothing.
    expect(await selectPending(t.runtime.database.db, other.accountId, ids)).toEqual([]);
    // One id (a single message's job) goes through the scalar statement, with the same answers.
    const [one] = await selectPending(t.runtime.database.db, owner.accountId.toUpperCase(), [ids[0]!]);
    expect(one).toMatchObject({ id: ids[0], status: 'queued', contactId: null });
    expect(await selectPending(t.runtime.database.db, other.accountId, [ids[0]!])).toEqual([]);
  });
});
