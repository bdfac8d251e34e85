import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, roleId, type Session, signUp, uniqueEmail } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, createRole, expectProblem } from './support.js';

let t: TestContext;
let owner: Session;
let manager: Session;
let admin: string;
let lesser: string;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Escalation Co' });
  await createRole(t, owner, 'manager', ['users:manage', 'api_keys:manage']);
  lesser = await createRole(t, owner, 'lesser', ['users:read']);
  manager = await addMember(t, owner, 'manager');
  admin = await roleId(t, owner, 'admin');
});
afterAll(() => t.close());

describe('a member with users:manage and api_keys:manage but not *', () => {
  it('cannot create an API key with the admin role (403 role_escalation)', async () => {
    const res = await t.request(
      'POST',
      '/v1/api-keys',
      as(manager, { body: { name: 'root', role_id: admin } }),
    );
    expectProblem(res, 403, 'role_escalation');
    const keys = await t.request('GET', '/v1/api-keys', as(owner));
    expect(keys.body.total).toBe(0);
  });

  it('cannot create an API key with a role holding anything it lacks', async () => {
    const agent = await roleId(t, owner, 'agent');
    const res = await t.request(
      'POST',
      '/v1/api-keys',
      as(manager, { body: { name: 'agent', role_id: agent } }),
    );
    expectProblem(res, 403, 'role_escalation');
  });

  it('can create keys with its own role or a lesser one', async () => {
    const own = await t.request('POST', '/v1/api-keys', as(manager, { body: { name: 'own' } }));
    expect(own.status, own.text).toBe(201);
    expect(own.body.role.name).toBe('manager');
    const small = await t.request(
      'POST',
      '/v1/api-keys',
      as(manager, { body: { name: 'small', role_id: lesser } }),
    );
    expect(small.status, small.text).toBe(201);
  });

  it('cannot invite someone as admin (403 role_escalation)', async () => {
    const email = uniqueEmail('would-be-admin');
    const res = await t.request('POST', '/v1/invitations', as(manager, { body: { email, role_id: admin } }));
    expectProblem(res, 403, 'role_escalation');
    expect(await t.sink.count(email)).toBe(0);
    const ok = await t.request('POST', '/v1/invitations', as(manager, { body: { email, role_id: lesser } }));
    expect(ok.status, ok.text).toBe(201);
  });

  it('cannot promote itself or anyone else to admin', async () => {
    const self = await t.request(
      'PATCH',
      `/v1/users/${manager.userId}`,
      as(manager, { body: { role_id: admin } }),
    );
    expectProblem(self, 403, 'role_escalation');
    const other = await addMember(t, owner, 'lesser');
    const res = await t.request(
      'PATCH',
      `/v1/users/${other.userId}`,
      as(manager, { body: { role_id: admin } }),
    );
    expectProblem(res, 403, 'role_escalation');
    const read = await t.request('GET', `/v1/users/${manager.userId}`, as(owner));
    expect(read.body.role.name).toBe('manager');
  });

  it('cannot demote or remove a member who holds more than it does', async () => {
    const second = await addMember(t, owner, 'admin');
    const demote = await t.request(
      'PATCH',
      `/v1/users/${second.userId}`,
      as(manager, { body: { role_id: lesser } }),
    );
    expectProblem(demote, 403, 'role_escalation');
    const remove = await t.request('DELETE', `/v1/users/${second.userId}`, as(manager));
    expectProblem(remove, 403, 'role_escalation');
    const read = await t.request('GET', `/v1/users/${second.userId}`, as(owner));
    expect(read.body.role.name).toBe('admin');
  });

  it('can still manage members within its own permissions', async () => {
    const other = await addMember(t, owner, 'lesser');
    const removed = await t.request('DELETE', `/v1/users/${other.userId}`, as(manager));
    expect(removed.status, removed.text).toBe(204);
  });

  it('cannot escalate through an API key of its own role', async () => {
    const own = await t.request('POST', '/v1/api-keys', as(manager, { body: { name: 'own-2' } }));
    const res = await t.request('POST', '/v1/api-keys', {
      token: own.body.key,
      body: { name: 'x', role_id: admin },
    });
    expectProblem(res, 403, 'role_escalation');
  });
});

describe('a member with roles:manage but not *', () => {
  it('cannot create or widen a role beyond its own permissions (403 role_escalation)', async () => {
    const roleManagerRole = await createRole(t, owner, 'role-manager', ['roles:manage', 'contacts:write']);
    const member = await addMember(t, owner, 'role-manager');
    const wide = await t.request(
      'POST',
      '/v1/roles',
      as(member, { body: { name: 'wide', permissions: ['*'] } }),
    );
    expectProblem(wide, 403, 'role_escalation');
    const selfWiden = await t.request(
      'PATCH',
      `/v1/roles/${roleManagerRole}`,
      as(member, { body: { permissions: ['roles:manage', 'users:manage'] } }),
    );
    expectProblem(selfWiden, 403, 'role_escalation');
    const read = await t.request('GET', `/v1/roles/${roleManagerRole}`, as(owner));
    expect(read.body.permissions).toEqual(['roles:manage', 'contacts:write']);

    const narrow = await t.request(
      'POST',
      '/v1/roles',
      as(member, { body: { name: 'narrow', permissions: ['contacts:read', 'roles:read'] } }),
    );
    expect(narrow.status, narrow.text).toBe(201);
  });

  it('cannot change a role that holds more than it does', async () => {
    const powerful = await createRole(t, owner, 'powerful', ['users:manage']);
    const member = await addMember(t, owner, 'role-manager');
    const res = await t.request('PATCH', `/v1/roles/${powerful}`, as(member, { body: { permissions: [] } }));
    expectProblem(res, 403, 'role_escalation');
    const del = await t.request('DELETE', `/v1/roles/${powerful}`, as(member));
    expectProblem(del, 403, 'role_escalation');
  });
});
