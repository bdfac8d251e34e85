import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optedOutAddresses, optedOutQuery } from '../../src/dispatch/consent-gate.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
let owner: Session;
let other: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Registry' });
  other = await signUp(t, { accountName: 'Other registry' });
});
afterAll(async () => {
  await t.close();
});

const phone = (i: number) => `+2519${String(i).padStart(8, '0')}`;

describe('the opt-out registry at send time', () => {
  // An account imports a large suppression list and broadcasts before any ANALYZE has seen it.
  it('looks each address of a batch up on the unique key, however large the unanalyzed registry', async () => {
    const { pool } = t.runtime.database;
    await pool.query('ALTER TABLE opt_outs SET (autovacuum_enabled = false)');
    await pool.query(
      `INSERT INTO opt_outs (account_id, channel_type, address, source)
       SELECT $1, 'sms', '+2518' || lpad(i::text, 8, '0'), 'import' FROM generate_series(1, 20000) i`,
      [owner.accountId],
    );
    const optOut = (accountId: string, channelType: string, address: string) =>
      pool.query(
        `INSERT INTO opt_outs (account_id, channel_type, address, source) VALUES ($1, $2, $3, 'api')`,
        [accountId, channelType, address],
      );
    await optOut(owner.accountId, 'sms', phone(3));
    await optOut(owner.accountId, 'sms', phone(77));
    await optOut(owner.accountId, 'whatsapp', phone(5));
    await optOut(other.accountId, 'sms', phone(9));

    const batch = [...Array.from({ length: 100 }, (_, i) => phone(i + 1)), phone(3)];
    const query = new PgDialect().sqlToQuery(optedOutQuery(owner.accountId, 'sms', batch));
    const plan = (
      await pool.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${query.sql}`,
        query.params as unknown[],
      )
    ).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    // The address is part of the index condition: nothing of the other 20,000 entries is read and
    // filtered away (the old `address = ANY(...)` read all of them).
    expect(plan).toContain('opt_outs_account_type_address_key');
    expect(plan).not.toContain('Rows Removed by Filter');
    expect(plan).toMatch(/address = a\.address/);

    const found = await optedOutAddresses(t.runtime.database.db, owner.accountId, 'sms', batch);
    // Only this account's opt-outs for this channel type; an address asked twice is found once.
    expect([...found].sort()).toEqual([phone(3), phone(77)]);
    expect(await optedOutAddresses(t.runtime.database.db, other.accountId, 'sms', batch)).toEqual(
      new Set([phone(9)]),
    );
    expect(await optedOutAddresses(t.runtime.database.db, owner.accountId, 'sms', [])).toEqual(new Set());
  });
});
