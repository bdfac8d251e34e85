import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingQuery, selectPending } from '../../src/dispatch/load-messages.js';
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

describe('loading a batch of messages to send', () => {
  // A new deployment's first big broadcast: the fan-out wrote 150,000 messages that no ANALYZE has
  // seen yet, so the planner guesses the account holds 0.5% of the table.
  it('reads them by primary key even before the table has statistics', async () => {
    const { pool } = t.runtime.database;
    await pool.query('ALTER TABLE messages SET (autovacuum_enabled = false)');
    await insertQueued(other.accountId, 100);
    await insertQueued(owner.accountId, 150_000);
    const ids = (
      await pool.query<{ id: string }>(
        `SELECT id FROM messages WHERE account_id = $1 ORDER BY id DESC LIMIT 100`,
        [owner.accountId],
      )
    ).rows.map((r) => r.id);

    // The statement prepared: its custom plan, and the generic plan PostgreSQL would keep for a named
    // statement (it is sent unnamed, see tests/db/cached-plans.test.ts for why).
    const text = pendingQuery(t.runtime.database.db).toSQL().sql;
    const client = await pool.connect();
    try {
      await client.query(`PREPARE pending AS ${text}`);
      for (const mode of ['force_custom_plan', 'force_generic_plan']) {
        await client.query(`SET plan_cache_mode = ${mode}`);
        const plan = (
          await client.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN EXECUTE pending(${client.escapeLiteral(`{${ids.join(',')}}`)}, ${client.escapeLiteral(owner.accountId)})`,
          )
        ).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        expect(plan, mode).toContain('messages_pkey');
        // No index over the account's messages (created, status) joins the lookup, nor is the
        // contact looked for among the account's contacts (compared as uuid, it was).
        expect(plan, mode).not.toMatch(/(messages|contacts)_account_\w+_idx/);
      }
    } finally {
      await client.query('DEALLOCATE ALL; RESET plan_cache_mode');
      client.release();
    }

    const rows = await selectPending(t.runtime.database.db, owner.accountId, ids);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    // The account is compared as text, in canonical form whatever case the id came in.
    const upper = await selectPending(t.runtime.database.db, owner.accountId.toUpperCase(), ids);
    expect(upper).toHaveLength(ids.length);
    // Another account's id finds nothing.
    expect(await selectPending(t.runtime.database.db, other.accountId, ids)).toEqual([]);
  });
});
