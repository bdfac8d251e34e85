import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, roleId, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, createRole, expectProblem } from './support.js';

let t: TestContext;
let owner: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Roles Co' });
});
afterAll(() => t.close());

describe('roles CRUD', () => {
  it('creates, reads, lists, changes and deletes a role', async () => {
    const created = await t.request(
      'POST',
      '/v1/roles',
      as(owner, {
        body: {
          name: 'support',
          description: 'Answers customers',
          permissions: ['contacts:write', 'messages:send', 'contacts:write', 'templates:*'],
        },
      }),
    );
    expect(created.status, created.text).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'support',
      description: 'Answers customers',
      permissions: ['contacts:write', 'messages:send', 'templates:*'],
      created_at: expect.stringMatching(/Z$/),
      updated_at: expect.stringMatching(/Z$/),
    });
    const id = created.body.id;

    const read = await t.request('GET', `/v1/roles/${id}`, as(owner));
    expect(read.body).toEqual(created.body);
    const list = await t.request('GET', '/v1/roles?sort=name:asc', as(owner));
    expect(list.body.items.map((r: { name: string }) => r.name)).toEqual([
      'admin',
      'agent',
      'support',
      'viewer',
    ]);

    const patched = await t.request(
      'PATCH',
      `/v1/roles/${id}`,
      as(owner, { body: { name: 'support-2', permissions: ['*'] } }),
    );
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'support-2',
      description: 'Answers customers',
      permissions: ['*'],
    });

    const deleted = await t.request('DELETE', `/v1/roles/${id}`, as(owner));
    expect(deleted.status, deleted.text).toBe(204);
    expectProblem(await t.request('GET', `/v1/roles/${id}`, as(owner)), 404, 'not_found');
    expectProblem(await t.request('DELETE', `/v1/roles/${id}`, as(owner)), 404, 'not_found');
  });

  it('answers 404 for an unknown role id and 400 for a malformed one', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expectProblem(await t.request('GET', `/v1/roles/${unknown}`, as(owner)), 404);
    expectProblem(await t.request('PATCH', `/v1/roles/${unknown}`, as(owner, { body: { name: 'x' } })), 404);
    expectProblem(await t.request('GET', '/v1/roles/not-a-uuid', as(owner)), 400);
  });
});

describe('role rules', () => {
  it('refuses a duplicate name (409), whatever its case', async () => {
    await createRole(t, owner, 'duplicate-me', ['contacts:read']);
    for (const name of ['duplicate-me', 'Duplicate-Me', 'ADMIN']) {
      const res = await t.request('POST', '/v1/roles', as(owner, { body: { name, permissions: [] } }));
      expectProblem(res, 409, 'role_name_taken');
    }
    const other = await createRole(t, owner, 'rename-me', []);
    const renamed = await t.request(
      'PATCH',
      `/v1/roles/${other}`,
      as(owner, { body: { name: 'duplicate-me' } }),
    );
    expectProblem(renamed, 409, 'role_name_taken');
  });

  it.each([['contacts:fly'], ['contacts'], ['planets:read'], ['**'], [''], ['contacts:read ']])(
    'refuses the permission %j with 422 naming it',
    async (permission) => {
      const res = await t.request(
        'POST',
        '/v1/roles',
        as(owner, { body: { name: 'bad-perm', permissions: ['contacts:read', permission] } }),
      );
      expectProblem(res, 422, 'validation_failed');
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'permissions.1' })]);
      const id = await createRole(t, owner, `patch-bad-${Math.random()}`, []);
      const patched = await t.request(
        'PATCH',
        `/v1/roles/${id}`,
        as(owner, { body: { permissions: [permission] } }),
      );
      expectProblem(patched, 422);
    },
  );

  it('accepts every RESOURCE:ACTION, RESOURCE:* and *', async () => {
    const permissions = [
      '*',
      'account:manage',
      'users:read',
      'api_keys:write',
      'scheduled_messages:send',
      'roles:*',
    ];
    const id = await createRole(t, owner, 'everything', permissions);
    const read = await t.request('GET', `/v1/roles/${id}`, as(owner));
    expect(read.body.permissions).toEqual(permissions);
  });

  it('keeps the admin role fixed (409)', async () => {
    const admin = await roleId(t, owner, 'admin');
    for (const body of [{ name: 'boss' }, { permissions: ['contacts:read'] }, { description: 'x' }]) {
      expectProblem(
        await t.request('PATCH', `/v1/roles/${admin}`, as(owner, { body })),
        409,
        'role_protected',
      );
    }
    expectProblem(await t.request('DELETE', `/v1/roles/${admin}`, as(owner)), 409, 'role_protected');
    const read = await t.request('GET', `/v1/roles/${admin}`, as(owner));
    expect(read.body).toMatchObject({ name: 'admin', permissions: ['*'] });
  });

  it('refuses to delete a role held by a member or an API key (409)', async () => {
    const held = await createRole(t, owner, 'held-by-member', ['contacts:read']);
    const member = await addMember(t, owner, 'held-by-member');
    expectProblem(await t.request('DELETE', `/v1/roles/${held}`, as(owner)), 409, 'role_in_use');

    const keyed = await createRole(t, owner, 'held-by-key', ['contacts:read']);
    const key = await t.request('POST', '/v1/api-keys', as(owner, { body: { name: 'k', role_id: keyed } }));
    expect(key.status, key.text).toBe(201);
    expectProblem(await t.request('DELETE', `/v1/roles/${keyed}`, as(owner)), 409, 'role_in_use');

    // Once nobody holds them, they can go.
    const viewer = await roleId(t, owner, 'viewer');
    await t.request('PATCH', `/v1/users/${member.userId}`, as(owner, { body: { role_id: viewer } }));
    expect((await t.request('DELETE', `/v1/roles/${held}`, as(owner))).status).toBe(204);
  });

  it('withdraws pending invitations with the role when the role is deleted', async () => {
    const id = await createRole(t, owner, 'invited-only', ['contacts:read']);
    const inv = await t.request(
      'POST',
      '/v1/invitations',
      as(owner, { body: { email: 'invited-only@example.com', role_id: id } }),
    );
    expect(inv.status, inv.text).toBe(201);
    expect((await t.request('DELETE', `/v1/roles/${id}`, as(owner))).status).toBe(204);
    const list = await t.request('GET', '/v1/invitations', as(owner));
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(inv.body.id);
  });

  it('applies a changed role at once to its members', async () => {
    const id = await createRole(t, owner, 'growing', ['contacts:read']);
    const member = await addMember(t, owner, 'growing');
    expectProblem(await t.request('GET', '/v1/roles', as(member)), 403, 'permission_denied');
    await t.request('PATCH', `/v1/roles/${id}`, as(owner, { body: { permissions: ['roles:read'] } }));
    expect((await t.request('GET', '/v1/roles', as(member))).status).toBe(200);
  });
});
