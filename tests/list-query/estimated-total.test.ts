import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { as, openSql, seedContacts } from '../fanout/support.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// A list over many rows must answer as fast as one over few: past 10,000 matching rows the total is
// the planner's estimate, and the response says so.

let t: TestContext;
let owner: Session;
let sql: pg.Client;

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  sql = await openSql(t);
  await seedContacts(sql, owner.accountId, 12_000, { area: 555 });
  await sql.query('ANALYZE contacts');
});
afterAll(async () => {
  await sql.end();
  await t.close();
});

it('estimates the total past 10,000 rows and says so', async () => {
  const res = await t.request('GET', '/v1/contacts?page_size=5', as(owner));
  expect(res.status, res.text).toBe(200);
  expect(res.body.items).toHaveLength(5);
  expect(res.body.total_is_estimate).toBe(true);
  expect(res.body.total).toBeGreaterThan(10_000);
  expect(res.body.total).toBeLessThan(12_000 * 1.5);
});

it('counts exactly up to 10,000 rows', async () => {
  const res = await t.request('GET', '/v1/contacts?filter=first_name:eq:Contact%207&page_size=5', as(owner));
  expect(res.status, res.text).toBe(200);
  expect(res.body).toMatchObject({ total: 1, total_is_estimate: false });
  const none = await t.request('GET', '/v1/channels', as(owner));
  expect(none.body).toMatchObject({ total: 0, total_is_estimate: false, items: [] });
});
