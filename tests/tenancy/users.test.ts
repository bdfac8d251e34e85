import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, roleId, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, expectProblem } from './support.js';

let t: TestContext;
let owner: Session;
let agent: Session;
let viewer: Session;
const roles: Record<string, string> = {};
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Members Co' });
  agent = await addMember(t, owner, 'agent');
  viewer = await addMember(t, owner, 'viewer');
  for (const name of ['admin', 'agent', 'viewer']) roles[name] = await roleId(t, owner, name);
});
afterAll(() => t.close());

describe('members', () => {
  it('lists the members of the account with their roles', async () => {
    const res = await t.request('GET', '/v1/users', as(owner));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ total: 3, page: 1, page_size: 20 });
    expect(res.body.items).toEqual([
      expect.objectContaining({
        id: owner.userId,
        email: owner.email,
        role: { id: roles.admin, name: 'admin' },
      }),
      expect.objectContaining({
        id: agent.userId,
        email: agent.email,
        role: { id: roles.agent, name: 'agent' },
      }),
      expect.objectContaining({
        id: viewer.userId,
        email: viewer.email,
        role: { id: roles.viewer, name: 'viewer' },
      }),
    ]);
    for (const item of res.body.items) {
      expect(Object.keys(item).sort()).toEqual(
        ['created_at', 'email', 'email_verified', 'id', 'joined_at', 'name', 'role', 'updated_at'].sort(),
      );
    }
  });

  it('reads one member and answers 404 for a user who is not a member', async () => {
    const one = await t.request('GET', `/v1/users/${agent.userId}`, as(owner));
    expect(one.body).toMatchObject({ id: agent.userId, email_verified: true, role: { name: 'agent' } });
    const outsider = await signUp(t);
    expectProblem(await t.request('GET', `/v1/users/${outsider.userId}`, as(owner)), 404, 'not_found');
  });

  it("changes a member's role, which applies at once", async () => {
    expectProblem(
      await t.request('POST', '/v1/roles', as(viewer, { body: { name: 'x', permissions: [] } })),
      403,
      'permission_denied',
    );
    const res = await t.request(
      'PATCH',
      `/v1/users/${viewer.userId}`,
      as(owner, { body: { role_id: roles.admin } }),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.role).toEqual({ id: roles.admin, name: 'admin' });
    const created = await t.request(
      'POST',
      '/v1/roles',
      as(viewer, { body: { name: 'by-promoted', permissions: [] } }),
    );
    expect(created.status, created.text).toBe(201);
    const back = await t.request(
      'PATCH',
      `/v1/users/${viewer.userId}`,
      as(owner, { body: { role_id: roles.viewer } }),
    );
    expect(back.body.role.name).toBe('viewer');
  });

  it('refuses an unknown role with 422 naming role_id', async () => {
    const res = await t.request(
      'PATCH',
      `/v1/users/${agent.userId}`,
      as(owner, { body: { role_id: '00000000-0000-4000-8000-000000000000' } }),
    );
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'role_id' })]);
  });

  it('removes a member, who then cannot act in the account', async () => {
    const leaving = await addMember(t, owner, 'agent');
    const res = await t.request('DELETE', `/v1/users/${leaving.userId}`, as(owner));
    expect(res.status, res.text).toBe(204);
    expectProblem(await t.request('GET', `/v1/users/${leaving.userId}`, as(owner)), 404);
    expectProblem(await t.request('GET', '/v1/roles', as(leaving)), 403, 'not_a_member');
    // Their own account is untouched.
    const own = await t.request('GET', '/v1/roles', { token: leaving.token });
    expect(own.status, own.text).toBe(200);
  });
});

describe('the last admin', () => {
  it('cannot be demoted or removed (409 last_admin)', async () => {
    const demote = await t.request(
      'PATCH',
      `/v1/users/${owner.userId}`,
      as(owner, { body: { role_id: roles.agent } }),
    );
    expectProblem(demote, 409, 'last_admin');
    const remove = await t.request('DELETE', `/v1/users/${owner.userId}`, as(owner));
    expectProblem(remove, 409, 'last_admin');
    const still = await t.request('GET', `/v1/users/${owner.userId}`, as(owner));
    expect(still.body.role.name).toBe('admin');
  });

  it('keeps a re-assignment of the admin role to admin harmless', async () => {
    const res = await t.request(
      'PATCH',
      `/v1/users/${owner.userId}`,
      as(owner, { body: { role_id: roles.admin } }),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.role.name).toBe('admin');
  });

  it('can step down once another admin exists', async () => {
    const second = await addMember(t, owner, 'admin');
    const demote = await t.request(
      'PATCH',
      `/v1/users/${owner.userId}`,
      as(owner, { body: { role_id: roles.agent } }),
    );
    expect(demote.status, demote.text).toBe(200);
    // Now the second admin is the last one.
    const refused = await t.request('DELETE', `/v1/users/${second.userId}`, as(second));
    expectProblem(refused, 409, 'last_admin');
    const restored = await t.request(
      'PATCH',
      `/v1/users/${owner.userId}`,
      as(second, { body: { role_id: roles.admin } }),
    );
    expect(restored.status, restored.text).toBe(200);
    const left = await t.request('DELETE', `/v1/users/${second.userId}`, as(second));
    expect(left.status, left.text).toBe(204);
  });

  it('survives two admins stepping down at the same time: one of them stays', async () => {
    const account = await t.request('POST', '/v1/accounts', {
      token: owner.token,
      body: { name: 'Race Co' },
    });
    const accountId = account.body.id;
    const first = { ...owner, accountId };
    const roleIds = await t.request('GET', '/v1/roles', { token: owner.token, accountId });
    const idOf = (name: string) => roleIds.body.items.find((r: { name: string }) => r.name === name).id;
    const second = await addMember(t, first, 'admin');
    const results = await Promise.all(
      [first, second].map((admin) =>
        t.request('PATCH', `/v1/users/${admin.userId}`, as(admin, { body: { role_id: idOf('agent') } })),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const admins = await t.request('GET', `/v1/users?filter=role_id:eq:${idOf('admin')}`, as(first));
    expect(admins.body.total).toBe(1);
  });

  it('survives two admins leaving at the same time: one of them stays', async () => {
    const account = await t.request('POST', '/v1/accounts', {
      token: owner.token,
      body: { name: 'Race Two' },
    });
    const first = { ...owner, accountId: account.body.id };
    const second = await addMember(t, first, 'admin');
    const results = await Promise.all(
      [first, second].map((admin) => t.request('DELETE', `/v1/users/${admin.userId}`, as(admin))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([204, 409]);
  });
});
