import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.js';
import { executeNamed } from '../../src/db/named-query.js';
import { optedOutAddresses } from '../../src/dispatch/consent-gate.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
let owner: Session;
// One connection, so what it has prepared can be read back on it.
let single: Database;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Named' });
  single = createDatabase(t.databaseUrl, { max: 1 });
});
afterAll(async () => {
  await single.pool.end();
  await t.close();
});

const prepared = async () =>
  (await single.pool.query<{ name: string }>('SELECT name FROM pg_prepared_statements')).rows.map(
    (r) => r.name,
  );

describe('named statements', () => {
  it('are prepared once on the connection and answer as db.execute does', async () => {
    await single.pool.query(
      `INSERT INTO opt_outs (account_id, channel_type, address, source) VALUES ($1, 'sms', '+251911000001', 'api')`,
      [owner.accountId],
    );
    for (let i = 0; i < 3; i++) {
      const found = await optedOutAddresses(single.db, owner.accountId, 'sms', [
        '+251911000001',
        '+251911000002',
      ]);
      expect(found).toEqual(new Set(['+251911000001']));
    }
    expect((await prepared()).filter((n) => n === 'consent-opted-out')).toHaveLength(1);

    // Dates, times and intervals come back as text, as from drizzle's own raw queries.
    const query = sql`SELECT now() AS at, interval '1 day' AS span, 2::int AS n, ARRAY[now()] AS ats`;
    const named = await executeNamed<Record<string, unknown>>(single.db, 'test-shapes', query);
    const plain = await single.db.execute<Record<string, unknown>>(query);
    for (const column of ['at', 'span', 'n', 'ats']) {
      expect(typeof named.rows[0]![column], column).toBe(typeof plain.rows[0]![column]);
    }
    expect(named.rows[0]!.n).toBe(2);
  });

  it("are prepared on a transaction's connection too, and kept there for the next transaction", async () => {
    const inTransaction = () =>
      single.db.transaction(async (tx) =>
        executeNamed<{ one: number }>(tx, 'test-in-transaction', sql`SELECT 1 AS one`),
      );
    expect((await inTransaction()).rows).toEqual([{ one: 1 }]);
    expect((await inTransaction()).rows).toEqual([{ one: 1 }]);
    expect((await prepared()).filter((n) => n === 'test-in-transaction')).toHaveLength(1);
    // A failed statement rolls its transaction back and leaves the connection usable.
    await expect(
      single.db.transaction(async (tx) => {
        await executeNamed(tx, 'test-in-transaction', sql`SELECT 1 AS one`);
        await executeNamed(tx, 'test-failing', sql`SELECT 1 / 0 AS never`);
      }),
    ).rejects.toThrow(/division by zero/);
    expect((await inTransaction()).rows).toEqual([{ one: 1 }]);
  });

  it('give each text of a varying statement a name of its own', async () => {
    for (const n of [1, 2, 1]) {
      const rows = await executeNamed<{ n: number }>(
        single.db,
        'test-variants',
        sql.raw(`SELECT ${n} AS n`),
        {
          variants: true,
        },
      );
      expect(rows.rows).toEqual([{ n }]);
    }
    expect((await prepared()).filter((n) => n.startsWith('test-variants-'))).toHaveLength(2);
  });
});
