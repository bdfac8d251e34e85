import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, roleId, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, createAccount, expectProblem } from './support.js';

let t: TestContext;
let owner: Session;
let single: Session;
let viewer: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Owner Co' });
  single = await signUp(t, { accountName: 'Single Co' });
  viewer = await addMember(t, owner, 'viewer');
});
afterAll(() => t.close());

const accountIdsOf = (items: { id: string }[]) => items.map((i) => i.id);

describe('X-Account-Id', () => {
  it('may be omitted by a user with one account', async () => {
    const res = await t.request('GET', '/v1/roles', { token: single.token });
    expect(res.status, res.text).toBe(200);
    expect(res.body.total).toBe(3);
    const viaHeader = await t.request('GET', '/v1/roles', as(single));
    expect(accountIdsOf(res.body.items)).toEqual(accountIdsOf(viaHeader.body.items));
  });

  it('is required (400 account_required) from a user with two accounts', async () => {
    // The viewer belongs to their own account and to the owner's.
    const res = await t.request('GET', '/v1/roles', { token: viewer.token });
    expectProblem(res, 400, 'account_required');
  });

  it('picks the account a user with several accounts acts in', async () => {
    const second = await createAccount(t, owner, 'Owner Second');
    const first = await t.request('GET', '/v1/roles', as(owner));
    const other = await t.request('GET', '/v1/roles', { token: owner.token, accountId: second });
    expect(first.status).toBe(200);
    expect(other.status).toBe(200);
    const overlap = accountIdsOf(first.body.items).filter((id) =>
      accountIdsOf(other.body.items).includes(id),
    );
    expect(overlap).toEqual([]);
  });

  it('accepts an upper-case UUID', async () => {
    const res = await t.request('GET', '/v1/roles', {
      token: owner.token,
      accountId: owner.accountId.toUpperCase(),
    });
    expect(res.status, res.text).toBe(200);
  });

  it("answers 403 not_a_member for another user's account", async () => {
    const res = await t.request('GET', '/v1/roles', { token: single.token, accountId: owner.accountId });
    expectProblem(res, 403, 'not_a_member');
    expect(res.text).not.toContain('Owner Co');
  });

  it('answers 403 for an account that does not exist', async () => {
    const res = await t.request('GET', '/v1/roles', {
      token: single.token,
      accountId: '00000000-0000-4000-8000-000000000000',
    });
    expectProblem(res, 403, 'not_a_member');
  });

  it.each(['abc', '1234', `${'0'.repeat(36)}`, "' OR 1=1 --"])(
    'answers 400 for a malformed %j',
    async (value) => {
      const res = await t.request('GET', '/v1/roles', {
        token: owner.token,
        headers: { 'x-account-id': value },
      });
      expectProblem(res, 400);
    },
  );

  it('answers 401 without credentials, whatever the header says', async () => {
    const res = await t.request('GET', '/v1/roles', { accountId: owner.accountId });
    expectProblem(res, 401);
  });
});

describe('spoofed tenancy headers', () => {
  it('leave a viewer a viewer', async () => {
    const adminRole = await roleId(t, owner, 'admin');
    const spoofed = {
      'x-account-ids': owner.accountId,
      'x-role-ids': adminRole,
      'x-role-id': adminRole,
      'x-user-id': owner.userId,
      'x-role': 'admin',
      'x-permissions': '*',
    };
    const create = await t.request('POST', '/v1/roles', {
      ...as(viewer),
      headers: spoofed,
      body: { name: 'sneaky', permissions: ['*'] },
    });
    expectProblem(create, 403, 'permission_denied');
    const key = await t.request('POST', '/v1/api-keys', {
      ...as(viewer),
      headers: spoofed,
      body: { name: 'k' },
    });
    expectProblem(key, 403, 'permission_denied');
    const roles = await t.request('GET', '/v1/roles?filter=name:eq:sneaky', as(owner));
    expect(roles.body.items).toEqual([]);
  });

  it('do not let a user reach another account', async () => {
    const spoofed = { 'x-account-ids': owner.accountId, 'x-user-id': owner.userId };
    const withoutHeader = await t.request('GET', '/v1/roles', { token: single.token, headers: spoofed });
    expect(withoutHeader.status).toBe(200);
    const own = await t.request('GET', '/v1/roles', as(single));
    expect(accountIdsOf(withoutHeader.body.items)).toEqual(accountIdsOf(own.body.items));

    const withHeader = await t.request('GET', '/v1/users', {
      token: single.token,
      accountId: owner.accountId,
      headers: spoofed,
    });
    expectProblem(withHeader, 403, 'not_a_member');
  });

  it('do not change what an API key can reach', async () => {
    const created = await t.request('POST', '/v1/api-keys', as(single, { body: { name: 'single key' } }));
    const spoofed = { 'x-account-ids': owner.accountId, 'x-role-ids': await roleId(t, owner, 'admin') };
    const res = await t.request('GET', '/v1/users', {
      token: created.body.key,
      accountId: owner.accountId,
      headers: spoofed,
    });
    expectProblem(res, 403, 'not_a_member');
    const own = await t.request('GET', '/v1/users', { token: created.body.key, headers: spoofed });
    expect(own.body.items.map((m: { id: string }) => m.id)).toEqual([single.userId]);
  });
});
