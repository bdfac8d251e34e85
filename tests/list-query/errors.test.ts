import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createApiKey, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, createRole } from '../tenancy/support.js';
import { listQuery } from './support.js';

let t: TestContext;
let owner: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Errors Co' });
  await createRole(t, owner, 'target', ['contacts:read']);
  await addMember(t, owner, 'viewer');
  await createApiKey(t, owner, 'viewer');
});
afterAll(() => t.close());

const UUID = '5f0c8a4e-2b6d-4c57-9d35-1a2b3c4d5e6f';

/** Bad filters: [list, filter, why]. Each must be a 400 naming `filter[0]` and quoting the filter. */
const BAD_FILTERS: [string, string, string][] = [
  // unknown field
  ['/v1/roles', 'nope:eq:x', 'unknown field'],
  ['/v1/roles', 'permissions:eq:*', 'unknown field'],
  ['/v1/roles', `account_id:eq:${UUID}`, 'unknown field'],
  ['/v1/users', 'password_hash:eq:x', 'unknown field'],
  ['/v1/api-keys', 'key_hash:eq:x', 'unknown field'],
  ['/v1/accounts', 'attributes.x:eq:1', 'unknown field'],
  ['/v1/roles', ':eq:x', 'unknown field'],
  // unknown op
  ['/v1/roles', 'name:equals:x', 'unknown op'],
  ['/v1/roles', 'name:EQ:x', 'unknown op'],
  ['/v1/roles', 'name::x', 'unknown op'],
  ['/v1/roles', 'name', 'no op'],
  ['/v1/roles', 'name:eq', 'no value'],
  // op not valid for the type
  ['/v1/roles', 'id:contains:abc', 'contains on a uuid'],
  ['/v1/roles', `id:lt:${UUID}`, 'lt on a uuid'],
  ['/v1/roles', 'created_at:contains:2024', 'contains on a timestamp'],
  ['/v1/roles', 'created_at:like:2024%', 'like on a timestamp'],
  ['/v1/users', 'email_verified:lt:true', 'lt on a boolean'],
  ['/v1/users', 'email_verified:in:true,false', 'in on a boolean'],
  ['/v1/users', 'email_verified:range:false,true', 'range on a boolean'],
  ['/v1/users', 'email_verified:startswith:t', 'startswith on a boolean'],
  // wrong value type
  ['/v1/roles', 'id:eq:not-a-uuid', 'not a uuid'],
  ['/v1/roles', `id:eq:${UUID}x`, 'uuid with a tail'],
  ['/v1/roles', `id:in:${UUID},nope`, 'one bad uuid in a list'],
  ['/v1/api-keys', 'role_id:ne:123', 'not a uuid'],
  ['/v1/roles', 'created_at:gt:yesterday', 'not a timestamp'],
  ['/v1/roles', 'created_at:gt:2024-02-30', 'no such day'],
  ['/v1/roles', 'created_at:gt:2024-13-01', 'no such month'],
  ['/v1/roles', 'created_at:gt:2024-01-01T25:00:00Z', 'no such hour'],
  ['/v1/roles', 'created_at:gt:1700000000', 'epoch seconds'],
  ['/v1/roles', 'created_at:eq:', 'empty timestamp'],
  ['/v1/users', 'email_verified:eq:yes', 'not a boolean'],
  ['/v1/users', 'email_verified:eq:1', 'not a boolean'],
  ['/v1/users', 'email_verified:eq:TRUE', 'not a boolean'],
  ['/v1/roles', 'description:is_null:maybe', 'is_null takes true or false'],
  ['/v1/api-keys', 'revoked_at:is_null:', 'is_null takes true or false'],
  // in with empty items
  ['/v1/roles', 'name:in:a,,b', 'empty item'],
  ['/v1/roles', 'name:in:a,', 'trailing comma'],
  ['/v1/roles', 'name:in:', 'nothing at all'],
  // range without two values
  ['/v1/roles', 'created_at:range:2024-01-01', 'one value'],
  ['/v1/roles', 'created_at:range:2024-01-01,', 'empty upper bound'],
  ['/v1/roles', 'created_at:range:,2024-01-01', 'empty lower bound'],
  ['/v1/roles', 'created_at:range:2024-01-01,2024-02-01,2024-03-01', 'three values'],
  ['/v1/roles', 'created_at:range:2024-01-01,soon', 'a bad bound'],
];

function expectInvalidQuery(
  res: { status: number; text: string; headers: Headers; body: any },
  path: string,
) {
  expect(res.status, res.text).toBe(400);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status: 400, code: 'invalid_query', request_id: expect.any(String) });
  expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
}

describe('bad filters', () => {
  it.each(BAD_FILTERS)('%s ?filter=%s (%s) → 400 naming the filter', async (path, filter) => {
    const res = await t.request('GET', `${path}${listQuery({ filter: [filter] })}`, as(owner));
    expectInvalidQuery(res, 'filter[0]');
    const error = res.body.errors.find((e: { path: string }) => e.path === 'filter[0]');
    expect(error.message).toContain(filter);
  });

  it('names the one bad filter among good ones, and every bad one', async () => {
    const one = await t.request(
      'GET',
      `/v1/roles${listQuery({ filter: ['name:eq:x', 'nope:eq:y'] })}`,
      as(owner),
    );
    expectInvalidQuery(one, 'filter[1]');
    expect(one.body.errors).toHaveLength(1);
    const two = await t.request(
      'GET',
      `/v1/roles${listQuery({ filter: ['a:eq:1', 'name:eq:x', 'b:zz:2'] })}`,
      as(owner),
    );
    expect(two.body.errors.map((e: { path: string }) => e.path)).toEqual(['filter[0]', 'filter[2]']);
  });

  it('lists the filterable fields in the message for an unknown field', async () => {
    const res = await t.request('GET', '/v1/roles?filter=nope:eq:x', as(owner));
    expect(res.body.errors[0].message).toContain('name');
    expect(res.body.errors[0].message).toContain('created_at');
  });

  it('caps the number of filters', async () => {
    const filter = Array.from({ length: 21 }, () => 'name:ne:x');
    const res = await t.request('GET', `/v1/roles${listQuery({ filter })}`, as(owner));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_query');
  });
});

describe('bad sorts and pages', () => {
  it.each([
    ['sort=nope:asc', 'sort[0]'],
    ['sort=name:up', 'sort[0]'],
    ['sort=name:asc:extra', 'sort[0]'],
    ['sort=name:asc&sort=permissions:desc', 'sort[1]'],
    ['page=0', 'page'],
    ['page=-1', 'page'],
    ['page=abc', 'page'],
    ['page=1.5', 'page'],
    ['page=99999999999999999999', 'page'],
    ['page_size=0', 'page_size'],
    ['page_size=101', 'page_size'],
    ['page_size=1e2', 'page_size'],
    ['page_size=ten', 'page_size'],
  ])('?%s → 400 naming %s', async (query, path) => {
    const res = await t.request('GET', `/v1/roles?${query}`, as(owner));
    expectInvalidQuery(res, path);
  });

  it.each(['/v1/users', '/v1/api-keys', '/v1/accounts'])('%s refuses page_size=101 too', async (path) => {
    expectInvalidQuery(await t.request('GET', `${path}?page_size=101`, as(owner)), 'page_size');
  });
});

describe('SQL injection attempts', () => {
  const ATTEMPTS: [string, Parameters<typeof listQuery>[0]][] = [
    ['/v1/roles', { filter: ["name:eq:' OR '1'='1"] }],
    ['/v1/roles', { filter: ["name:eq:x'; DROP TABLE roles; --"] }],
    ['/v1/roles', { filter: ["name:contains:'); DELETE FROM roles; --"] }],
    ['/v1/roles', { filter: ["name:like:%' OR 1=1 --"] }],
    ['/v1/roles', { filter: ["name:in:a','b'); DROP TABLE roles; --"] }],
    ['/v1/roles', { filter: ["name:startswith:\\'; SELECT pg_sleep(0); --"] }],
    ['/v1/roles', { filter: ["name:icontains:%%' UNION SELECT * FROM users --"] }],
    ['/v1/roles', { filter: ["id:eq:5f0c8a4e-2b6d-4c57-9d35-1a2b3c4d5e6f' OR '1'='1"] }],
    ['/v1/roles', { filter: ["created_at:gt:2024-01-01'; DROP TABLE roles; --"] }],
    ['/v1/roles', { filter: ['name;DROP TABLE roles:eq:x'] }],
    ['/v1/roles', { filter: ['name:eq;DROP TABLE roles:x'] }],
    ['/v1/roles', { filter: ['name:eq:\u0000'] }],
    ['/v1/roles', { sort: ['name;DROP TABLE roles'] }],
    ['/v1/roles', { sort: ['name:asc;DROP TABLE roles'] }],
    ['/v1/roles', { sort: ['(SELECT 1):asc'] }],
    ['/v1/roles', { page: '1;DROP TABLE roles', page_size: "20'" }],
    ['/v1/users', { filter: ["email:eq:' OR 1=1 --", "role_id:in:' OR 1=1 --"] }],
    ['/v1/users', { filter: ["email_verified:eq:true' OR '1'='1"] }],
    ['/v1/api-keys', { filter: ["name:eq:' OR 1=1 --"] }],
    ['/v1/accounts', { filter: ["name:eq:' OR 1=1 --"] }],
    ['/v1/accounts', { filter: ["timezone:like:%' OR account_id IS NOT NULL --"] }],
  ];

  it.each(ATTEMPTS)('%s %j answers 200 or 400 and leaks nothing', async (path, params) => {
    const res = await t.request('GET', `${path}${listQuery(params)}`, as(owner));
    expect([200, 400], res.text).toContain(res.status);
    if (res.status === 200) expect(res.body.items).toEqual([]);
  });

  it('treats an injected value as a literal', async () => {
    const res = await t.request(
      'GET',
      `/v1/api-keys${listQuery({ filter: ["name:ne:' OR 1=1 --"] })}`,
      as(owner),
    );
    expect(res.body.total).toBe(1);
    const none = await t.request(
      'GET',
      `/v1/roles${listQuery({ filter: ["name:in:admin' OR '1'='1"] })}`,
      as(owner),
    );
    expect(none.body.total).toBe(0);
  });

  it('changed nothing', async () => {
    const roles = await t.request('GET', '/v1/roles?sort=name:asc', as(owner));
    expect(roles.body.items.map((r: { name: string }) => r.name)).toEqual([
      'admin',
      'agent',
      'target',
      'viewer',
    ]);
    expect((await t.request('GET', '/v1/users', as(owner))).body.total).toBe(2);
    expect((await t.request('GET', '/v1/api-keys', as(owner))).body.total).toBe(1);
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT to_regclass('public.roles') AS roles, to_regclass('public.users') AS users",
      );
      expect(rows[0]).toEqual({ roles: 'roles', users: 'users' });
    } finally {
      await client.end();
    }
  });
});
