import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createApiKey, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, createAccount, expectProblem } from './support.js';

const READS = [
  'account:read',
  'users:read',
  'roles:read',
  'api_keys:read',
  'contacts:read',
  'channels:read',
  'templates:read',
  'messages:read',
  'group_messages:read',
  'scheduled_messages:read',
];

let t: TestContext;
let owner: Session;
let stranger: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Owner Co' });
  stranger = await signUp(t, { accountName: 'Stranger Co' });
});
afterAll(() => t.close());

describe('creating an account', () => {
  it('makes the creator its admin and gives it the default roles', async () => {
    const created = await t.request('POST', '/v1/accounts', {
      token: owner.token,
      body: { name: 'Second Co', default_country_code: 'et', timezone: 'Africa/Addis_Ababa' },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Second Co',
      default_country_code: 'ET',
      timezone: 'Africa/Addis_Ababa',
      consent: {},
      quiet_hours: null,
      api_rate_limit: null,
      on_member_removed: { pause_schedules: false, cancel_broadcasts: false },
      created_at: expect.stringMatching(/Z$/),
      updated_at: expect.stringMatching(/Z$/),
    });
    const accountId = created.body.id;

    const roles = await t.request('GET', '/v1/roles?sort=name:asc', { token: owner.token, accountId });
    expect(roles.status, roles.text).toBe(200);
    const byName = Object.fromEntries(
      roles.body.items.map((r: { name: string; permissions: string[] }) => [
        r.name,
        [...r.permissions].sort(),
      ]),
    );
    expect(byName).toEqual({
      admin: ['*'],
      agent: [
        ...READS,
        'contacts:write',
        'templates:write',
        'messages:send',
        'group_messages:send',
        'scheduled_messages:send',
      ].sort(),
      viewer: [...READS].sort(),
    });

    const members = await t.request('GET', '/v1/users', { token: owner.token, accountId });
    expect(members.body.items).toHaveLength(1);
    expect(members.body.items[0]).toMatchObject({ id: owner.userId, role: { name: 'admin' } });

    const context = await t.request('GET', '/v1/context/basic', { token: owner.token });
    const entry = context.body.accounts.find((a: { id: string }) => a.id === accountId);
    expect(entry).toMatchObject({ name: 'Second Co', role: { name: 'admin', permissions: ['*'] } });
  });

  it('defaults the timezone to UTC and the country code to null', async () => {
    const res = await t.request('POST', '/v1/accounts', { token: owner.token, body: { name: 'Plain' } });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ timezone: 'UTC', default_country_code: null });
  });

  it.each([
    [{ name: 'Bad', timezone: 'Mars/Olympus' }, 'timezone'],
    [{ name: 'Bad', default_country_code: 'XX' }, 'default_country_code'],
    [{ name: 'Bad', default_country_code: 'ETH' }, 'default_country_code'],
    [{ name: '' }, 'name'],
  ])('refuses %j with 422 naming the field', async (body, path) => {
    const res = await t.request('POST', '/v1/accounts', { token: owner.token, body });
    expectProblem(res, 422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('is for users only: an API key cannot create accounts', async () => {
    const key = await createApiKey(t, stranger, 'admin');
    const res = await t.request('POST', '/v1/accounts', { token: key, body: { name: 'Via key' } });
    expectProblem(res, 403);
  });
});

describe('listing and reading accounts', () => {
  it("lists only the caller's accounts", async () => {
    const mine = await t.request('GET', '/v1/accounts?page_size=100', { token: owner.token });
    expect(mine.status, mine.text).toBe(200);
    const ids = mine.body.items.map((a: { id: string }) => a.id);
    expect(ids).toContain(owner.accountId);
    expect(ids).not.toContain(stranger.accountId);
    expect(mine.body.total).toBe(ids.length);

    const theirs = await t.request('GET', '/v1/accounts', { token: stranger.token });
    expect(theirs.body.items.map((a: { id: string }) => a.id)).toEqual([stranger.accountId]);
    expect(theirs.body).toMatchObject({ total: 1, page: 1, page_size: 20 });
  });

  it("lists only an API key's own account", async () => {
    const key = await createApiKey(t, owner, 'viewer');
    const res = await t.request('GET', '/v1/accounts', { token: key });
    expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([owner.accountId]);
  });

  it('reads one account', async () => {
    const res = await t.request('GET', `/v1/accounts/${owner.accountId}`, { token: owner.token });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: owner.accountId, name: 'Owner Co', timezone: 'UTC' });
  });

  it("answers 404 for another user's account on get, patch and delete, leaking nothing", async () => {
    const path = `/v1/accounts/${owner.accountId}`;
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'Hijacked' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await t.request(method, path, { token: stranger.token, body });
      expectProblem(res, 404, 'not_found');
      expect(res.text).not.toContain('Owner Co');
    }
    const still = await t.request('GET', path, { token: owner.token });
    expect(still.body.name).toBe('Owner Co');
  });

  it('answers 404 for an account id that does not exist', async () => {
    const res = await t.request('GET', '/v1/accounts/00000000-0000-4000-8000-000000000000', {
      token: owner.token,
    });
    expectProblem(res, 404);
  });
});

describe('changing and deleting an account', () => {
  it('patches name, country code and timezone', async () => {
    const id = await createAccount(t, owner, 'Patch Me');
    const before = await t.request('GET', `/v1/accounts/${id}`, { token: owner.token });
    const res = await t.request('PATCH', `/v1/accounts/${id}`, {
      token: owner.token,
      body: { name: 'Patched', default_country_code: 'KE', timezone: 'Africa/Nairobi' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      id,
      name: 'Patched',
      default_country_code: 'KE',
      timezone: 'Africa/Nairobi',
      created_at: before.body.created_at,
    });
    expect(res.body.updated_at >= before.body.updated_at).toBe(true);
    const cleared = await t.request('PATCH', `/v1/accounts/${id}`, {
      token: owner.token,
      body: { default_country_code: null },
    });
    expect(cleared.body).toMatchObject({ name: 'Patched', default_country_code: null });
  });

  it.each([
    [{ timezone: 'Not/AZone' }, 'timezone'],
    [{ default_country_code: 'ZZ' }, 'default_country_code'],
  ])('refuses a patch %j with 422 naming the field', async (body, path) => {
    const res = await t.request('PATCH', `/v1/accounts/${owner.accountId}`, { token: owner.token, body });
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path })]);
  });

  it('forbids a viewer member to patch or delete (403) but lets them read', async () => {
    const viewer = await addMember(t, owner, 'viewer');
    const path = `/v1/accounts/${owner.accountId}`;
    const patched = await t.request('PATCH', path, { token: viewer.token, body: { name: 'By viewer' } });
    expectProblem(patched, 403, 'permission_denied');
    const deleted = await t.request('DELETE', path, { token: viewer.token });
    expectProblem(deleted, 403, 'permission_denied');
    const read = await t.request('GET', path, { token: viewer.token });
    expect(read.status).toBe(200);
    expect(read.body.name).toBe('Owner Co');
  });

  it('forbids an agent API key to patch its account', async () => {
    const key = await createApiKey(t, owner, 'agent');
    const res = await t.request('PATCH', `/v1/accounts/${owner.accountId}`, {
      token: key,
      body: { name: 'By key' },
    });
    expectProblem(res, 403, 'permission_denied');
  });

  it('deletes an account with its members and keys', async () => {
    const id = await createAccount(t, owner, 'Doomed');
    const admin = { token: owner.token, accountId: id };
    const key = await t.request('POST', '/v1/api-keys', { ...admin, body: { name: 'doomed key' } });
    expect(key.status, key.text).toBe(201);
    const deleted = await t.request('DELETE', `/v1/accounts/${id}`, { token: owner.token });
    expect(deleted.status, deleted.text).toBe(204);
    expectProblem(await t.request('GET', `/v1/accounts/${id}`, { token: owner.token }), 404);
    const list = await t.request('GET', '/v1/accounts?page_size=100', { token: owner.token });
    expect(list.body.items.map((a: { id: string }) => a.id)).not.toContain(id);
    expectProblem(await t.request('GET', '/v1/roles', { token: key.body.key }), 401);
    expectProblem(await t.request('GET', '/v1/roles', admin), 403, 'not_a_member');
  });

  it('leaves other accounts alone when one is deleted', async () => {
    const res = await t.request('GET', '/v1/roles', as(stranger));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
  });
});
