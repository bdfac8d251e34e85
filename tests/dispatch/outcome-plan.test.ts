import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordset } from '../../src/db/recordset.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
let owner: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Outcomes' });
});
afterAll(async () => {
  await t.close();
});

describe("writing a batch's outcomes", () => {
  // jsonb_to_recordset is estimated at 100 rows whatever it holds: on a table without statistics the
  // outcome of one message was planned as a scan of every pending message joined by hash.
  it('updates one message by primary key once the planner knows the row count', async () => {
    const { pool } = t.runtime.database;
    await pool.query('ALTER TABLE messages SET (autovacuum_enabled = false)');
    // A young deployment a few seconds into its singles: 6,000 messages, none analyzed.
    await pool.query(
      `INSERT INTO messages (account_id, status, delivery_address, message_body)
       SELECT $1, 'queued', '+2519' || lpad(i::text, 8, '0'), 'Hello' FROM generate_series(1, 6000) i`,
      [owner.accountId],
    );
    const [id] = (
      await pool.query<{ id: string }>(`SELECT id FROM messages WHERE account_id = $1 LIMIT 1`, [
        owner.accountId,
      ])
    ).rows.map((r) => r.id);
    const rows = [{ id, account_id: owner.accountId, attempt: null }];
    const columns = sql`id uuid, account_id uuid, attempt int`;
    const planOf = async (from: ReturnType<typeof sql>) => {
      const statement = new PgDialect().sqlToQuery(sql`
        EXPLAIN UPDATE messages m SET updated_at = now() FROM ${from} AS u
        WHERE m.id = u.id AND m.account_id = u.account_id AND (
          (u.attempt IS NOT NULL AND m.status = 'sending' AND m.attempts = u.attempt)
          OR (u.attempt IS NULL AND m.status IN ('queued', 'failed', 'scheduled')))`);
      const result = await pool.query<{ 'QUERY PLAN': string }>(statement.sql, statement.params as unknown[]);
      return result.rows.map((r) => r['QUERY PLAN']).join('\n');
    };
    const estimated = await planOf(
      sql`(SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS u(${columns}))`,
    );
    expect(estimated).not.toContain('Index Scan using messages_pkey');
    const counted = await planOf(recordset(rows, 'u', columns));
    expect(counted).toContain('Index Scan using messages_pkey on messages m');
    expect(counted).not.toMatch(/Seq Scan on messages|Bitmap/);
  });
});
