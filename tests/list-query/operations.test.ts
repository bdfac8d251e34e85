import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILTER_OPS } from '../../src/http/list-query.js';
import { addMember, roleId, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as } from '../tenancy/support.js';
import { fieldOf, getList } from './support.js';

type Case = {
  op: (typeof FILTER_OPS)[number];
  path: '/v1/roles' | '/v1/api-keys' | '/v1/users' | '/v1/accounts';
  filter: () => string;
  /** The item field the expectation lists. */
  field?: string;
  expected: () => string[];
};

let t: TestContext;
let owner: Session;
let agent: Session;
let viewer: Session;
/** created_at and id of each role by name. */
const role: Record<string, { id: string; created_at: string }> = {};
const key: Record<string, { id: string; created_at: string; revoked_at?: string }> = {};
let secondAccountId: string;
let agentJoinedAt: string;

const DEFAULT_ROLES = ['admin', 'agent', 'viewer'];
const CUSTOM_ROLES = ['alpha', 'beta', 'gamma 100%', 'delta_x', 'Epsilon'];
const ALL_ROLES = [...DEFAULT_ROLES, ...CUSTOM_ROLES];
const without = (list: string[], ...names: string[]) => list.filter((n) => !names.includes(n));
// Separate milliseconds for each created_at, so a timestamp filter can single one out.
const nextMillisecond = () => new Promise((resolve) => setTimeout(resolve, 3));

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Ops Co' });
  const descriptions: Record<string, string | null> = {
    alpha: 'first letter',
    beta: null,
    'gamma 100%': 'percent',
    delta_x: 'under_score',
    Epsilon: 'CAPITAL',
  };
  const roles = await t.request('GET', '/v1/roles', as(owner));
  for (const r of roles.body.items) role[r.name] = r;
  for (const name of CUSTOM_ROLES) {
    await nextMillisecond();
    const res = await t.request(
      'POST',
      '/v1/roles',
      as(owner, { body: { name, description: descriptions[name], permissions: [] } }),
    );
    expect(res.status, res.text).toBe(201);
    role[name] = res.body;
  }

  for (const [name, roleName] of [
    ['k-admin', 'admin'],
    ['k-viewer-1', 'viewer'],
    ['k-viewer-2', 'viewer'],
  ] as const) {
    await nextMillisecond();
    const res = await t.request(
      'POST',
      '/v1/api-keys',
      as(owner, { body: { name, role_id: role[roleName]?.id } }),
    );
    expect(res.status, res.text).toBe(201);
    key[name] = res.body;
  }
  await t.request('DELETE', `/v1/api-keys/${key['k-viewer-2']?.id}`, as(owner));
  const revoked = await t.request('GET', `/v1/api-keys/${key['k-viewer-2']?.id}`, as(owner));
  key['k-viewer-2'] = revoked.body;

  agent = await addMember(t, owner, 'agent');
  await nextMillisecond();
  viewer = await addMember(t, owner, 'viewer');
  agentJoinedAt = (await t.request('GET', `/v1/users/${agent.userId}`, as(owner))).body.joined_at;
  // No HTTP path leaves a member unverified (unverified users cannot sign in to accept): set it here.
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  await client.query('UPDATE users SET email_verified = false WHERE id = $1', [viewer.userId]);
  await client.end();

  const second = await t.request('POST', '/v1/accounts', {
    token: owner.token,
    body: { name: 'Second Co', default_country_code: 'ET', timezone: 'Africa/Addis_Ababa' },
  });
  secondAccountId = second.body.id;
});
afterAll(() => t.close());

const at = (name: string) => role[name]?.created_at ?? '';
const idOf = (name: string) => role[name]?.id ?? '';

const CASES: Case[] = [
  // eq
  { op: 'eq', path: '/v1/roles', filter: () => 'name:eq:alpha', expected: () => ['alpha'] },
  {
    op: 'eq',
    path: '/v1/roles',
    filter: () => `id:eq:${idOf('gamma 100%')}`,
    expected: () => ['gamma 100%'],
  },
  {
    op: 'eq',
    path: '/v1/roles',
    filter: () => `id:eq:${idOf('beta').toUpperCase()}`,
    expected: () => ['beta'],
  },
  {
    op: 'eq',
    path: '/v1/roles',
    filter: () => `created_at:eq:${at('delta_x')}`,
    expected: () => ['delta_x'],
  },
  {
    op: 'eq',
    path: '/v1/api-keys',
    filter: () => `role_id:eq:${idOf('viewer')}`,
    expected: () => ['k-viewer-1', 'k-viewer-2'],
  },
  {
    op: 'eq',
    path: '/v1/users',
    filter: () => 'email_verified:eq:false',
    field: 'email',
    expected: () => [viewer.email],
  },
  {
    op: 'eq',
    path: '/v1/users',
    filter: () => 'email_verified:eq:true',
    field: 'email',
    expected: () => [owner.email, agent.email].sort(),
  },
  {
    op: 'eq',
    path: '/v1/accounts',
    filter: () => 'default_country_code:eq:ET',
    expected: () => ['Second Co'],
  },
  { op: 'eq', path: '/v1/accounts', filter: () => 'timezone:eq:UTC', expected: () => ['Ops Co'] },
  // ne
  { op: 'ne', path: '/v1/roles', filter: () => 'name:ne:alpha', expected: () => without(ALL_ROLES, 'alpha') },
  {
    op: 'ne',
    path: '/v1/roles',
    filter: () => 'description:ne:percent',
    // NULL descriptions are "not percent" too.
    expected: () => without(ALL_ROLES, 'gamma 100%'),
  },
  { op: 'ne', path: '/v1/roles', filter: () => `created_at:ne:${at('admin')}`, expected: () => CUSTOM_ROLES },
  {
    op: 'ne',
    path: '/v1/api-keys',
    filter: () => `role_id:ne:${idOf('viewer')}`,
    expected: () => ['k-admin'],
  },
  {
    op: 'ne',
    path: '/v1/api-keys',
    filter: () => `revoked_at:ne:${key['k-viewer-2']?.revoked_at}`,
    expected: () => ['k-admin', 'k-viewer-1'],
  },
  {
    op: 'ne',
    path: '/v1/users',
    filter: () => 'email_verified:ne:true',
    field: 'email',
    expected: () => [viewer.email],
  },
  // lt le gt ge
  {
    op: 'lt',
    path: '/v1/roles',
    filter: () => `created_at:lt:${at('beta')}`,
    expected: () => [...DEFAULT_ROLES, 'alpha'],
  },
  {
    op: 'le',
    path: '/v1/roles',
    filter: () => `created_at:le:${at('beta')}`,
    expected: () => [...DEFAULT_ROLES, 'alpha', 'beta'],
  },
  {
    op: 'gt',
    path: '/v1/roles',
    filter: () => `created_at:gt:${at('beta')}`,
    expected: () => ['gamma 100%', 'delta_x', 'Epsilon'],
  },
  {
    op: 'ge',
    path: '/v1/roles',
    filter: () => `created_at:ge:${at('beta')}`,
    expected: () => ['beta', 'gamma 100%', 'delta_x', 'Epsilon'],
  },
  {
    op: 'gt',
    path: '/v1/users',
    filter: () => `joined_at:gt:${agentJoinedAt}`,
    field: 'email',
    expected: () => [viewer.email],
  },
  {
    op: 'le',
    path: '/v1/api-keys',
    filter: () => `created_at:le:${key['k-viewer-1']?.created_at}`,
    expected: () => ['k-admin', 'k-viewer-1'],
  },
  // contains (case-sensitive, wildcards literal)
  { op: 'contains', path: '/v1/roles', filter: () => 'name:contains:ps', expected: () => ['Epsilon'] },
  { op: 'contains', path: '/v1/roles', filter: () => 'name:contains:EPS', expected: () => [] },
  { op: 'contains', path: '/v1/roles', filter: () => 'name:contains:%', expected: () => ['gamma 100%'] },
  { op: 'contains', path: '/v1/roles', filter: () => 'name:contains:0%', expected: () => ['gamma 100%'] },
  { op: 'contains', path: '/v1/roles', filter: () => 'name:contains:_', expected: () => ['delta_x'] },
  { op: 'contains', path: '/v1/roles', filter: () => 'name:contains:\\', expected: () => [] },
  {
    op: 'contains',
    path: '/v1/accounts',
    filter: () => 'name:contains:Co',
    expected: () => ['Ops Co', 'Second Co'],
  },
  // icontains
  { op: 'icontains', path: '/v1/roles', filter: () => 'name:icontains:EPS', expected: () => ['Epsilon'] },
  {
    op: 'icontains',
    path: '/v1/roles',
    filter: () => 'description:icontains:capital',
    expected: () => ['Epsilon'],
  },
  { op: 'icontains', path: '/v1/roles', filter: () => 'name:icontains:A%', expected: () => [] },
  {
    op: 'icontains',
    path: '/v1/roles',
    filter: () => 'description:icontains:R_S',
    expected: () => ['delta_x'],
  },
  {
    op: 'icontains',
    path: '/v1/users',
    filter: () => `email:icontains:${agent.email.split('@')[0]?.toUpperCase()}`,
    field: 'email',
    expected: () => [agent.email],
  },
  // in
  { op: 'in', path: '/v1/roles', filter: () => 'name:in:alpha,beta,nope', expected: () => ['alpha', 'beta'] },
  {
    op: 'in',
    path: '/v1/roles',
    filter: () => `id:in:${idOf('alpha')},${idOf('Epsilon')}`,
    expected: () => ['Epsilon', 'alpha'],
  },
  {
    op: 'in',
    path: '/v1/roles',
    filter: () => `created_at:in:${at('alpha')},${at('delta_x')}`,
    expected: () => ['alpha', 'delta_x'],
  },
  {
    op: 'in',
    path: '/v1/users',
    filter: () => `role_id:in:${idOf('agent')},${idOf('viewer')}`,
    field: 'email',
    expected: () => [agent.email, viewer.email].sort(),
  },
  // like (the caller's own pattern; case-sensitive)
  { op: 'like', path: '/v1/roles', filter: () => 'name:like:a%a', expected: () => ['alpha'] },
  { op: 'like', path: '/v1/roles', filter: () => 'name:like:_eta', expected: () => ['beta'] },
  { op: 'like', path: '/v1/roles', filter: () => 'name:like:e%', expected: () => [] },
  {
    op: 'like',
    path: '/v1/api-keys',
    filter: () => 'name:like:k-viewer-_',
    expected: () => ['k-viewer-1', 'k-viewer-2'],
  },
  // range (inclusive)
  {
    op: 'range',
    path: '/v1/roles',
    filter: () => `created_at:range:${at('alpha')},${at('gamma 100%')}`,
    expected: () => ['alpha', 'beta', 'gamma 100%'],
  },
  {
    op: 'range',
    path: '/v1/api-keys',
    filter: () => `created_at:range:${key['k-viewer-1']?.created_at},${key['k-viewer-2']?.created_at}`,
    expected: () => ['k-viewer-1', 'k-viewer-2'],
  },
  // is_null
  { op: 'is_null', path: '/v1/roles', filter: () => 'description:is_null:true', expected: () => ['beta'] },
  {
    op: 'is_null',
    path: '/v1/roles',
    filter: () => 'description:is_null:false',
    expected: () => without(ALL_ROLES, 'beta'),
  },
  {
    op: 'is_null',
    path: '/v1/api-keys',
    filter: () => 'revoked_at:is_null:true',
    expected: () => ['k-admin', 'k-viewer-1'],
  },
  {
    op: 'is_null',
    path: '/v1/api-keys',
    filter: () => 'revoked_at:is_null:false',
    expected: () => ['k-viewer-2'],
  },
  {
    op: 'is_null',
    path: '/v1/accounts',
    filter: () => 'default_country_code:is_null:true',
    expected: () => ['Ops Co'],
  },
  // startswith
  {
    op: 'startswith',
    path: '/v1/roles',
    filter: () => 'name:startswith:a',
    expected: () => ['admin', 'agent', 'alpha'],
  },
  { op: 'startswith', path: '/v1/roles', filter: () => 'name:startswith:%', expected: () => [] },
  {
    op: 'startswith',
    path: '/v1/roles',
    filter: () => 'name:startswith:gamma 1',
    expected: () => ['gamma 100%'],
  },
  {
    op: 'startswith',
    path: '/v1/api-keys',
    filter: () => 'prefix:startswith:tk_',
    expected: () => ['k-admin', 'k-viewer-1', 'k-viewer-2'],
  },
  // endswith
  { op: 'endswith', path: '/v1/roles', filter: () => 'name:endswith:a', expected: () => ['alpha', 'beta'] },
  { op: 'endswith', path: '/v1/roles', filter: () => 'name:endswith:_x', expected: () => ['delta_x'] },
  { op: 'endswith', path: '/v1/roles', filter: () => 'name:endswith:%', expected: () => ['gamma 100%'] },
  { op: 'endswith', path: '/v1/roles', filter: () => 'name:endswith:_', expected: () => [] },
  {
    op: 'endswith',
    path: '/v1/users',
    filter: () => 'email:endswith:@example.com',
    field: 'email',
    expected: () => [owner.email, agent.email, viewer.email].sort(),
  },
];

describe('filter operations', () => {
  it('cover every operation of the contract', () => {
    expect(new Set(CASES.map((c) => c.op))).toEqual(new Set(FILTER_OPS));
  });

  it.each(CASES.map((c) => [`${c.op} on ${c.path}`, c] as const))(
    '%s returns exactly the matching items',
    async (_n, c) => {
      const res = await getList(t, owner, c.path, { filter: [c.filter()] });
      const expected = [...c.expected()].sort();
      expect(fieldOf(res, c.field ?? 'name'), c.filter()).toEqual(expected);
      expect(res.body.total).toBe(expected.length);
    },
  );

  it('AND-s repeated filters', async () => {
    const res = await getList(t, owner, '/v1/roles', {
      filter: ['name:startswith:a', `created_at:gt:${at('admin')}`],
    });
    expect(fieldOf(res)).toEqual(['alpha']);
  });

  it('applies filters inside the account only', async () => {
    const res = await t.request('GET', '/v1/roles?filter=name:eq:admin', {
      token: owner.token,
      accountId: secondAccountId,
    });
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].id).not.toBe(idOf('admin'));
    const keys = await t.request('GET', '/v1/api-keys', { token: owner.token, accountId: secondAccountId });
    expect(keys.body).toMatchObject({ items: [], total: 0 });
  });

  it('finds a timestamp read from a response, whatever its offset notation', async () => {
    const iso = at('alpha');
    const date = new Date(iso);
    // The same instant written as +03:00.
    const local = new Date(date.getTime() + 3 * 3_600_000).toISOString().replace('Z', '+03:00');
    const res = await getList(t, owner, '/v1/roles', { filter: [`created_at:eq:${local}`] });
    expect(fieldOf(res)).toEqual(['alpha']);
  });

  it('reads a member list filtered by role after a role change', async () => {
    await t.request(
      'PATCH',
      `/v1/users/${agent.userId}`,
      as(owner, { body: { role_id: await roleId(t, owner, 'viewer') } }),
    );
    const res = await getList(t, owner, '/v1/users', { filter: [`role_id:eq:${idOf('viewer')}`] });
    expect(fieldOf(res, 'email')).toEqual([agent.email, viewer.email].sort());
    await t.request('PATCH', `/v1/users/${agent.userId}`, as(owner, { body: { role_id: idOf('agent') } }));
  });
});
