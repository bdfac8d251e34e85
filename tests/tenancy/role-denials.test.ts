import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createApiKey, roleId, type Session, signUp, uniqueEmail } from '../helpers/factories.js';
import { type RequestOptions, setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, createRole, expectProblem } from './support.js';

/** Objects of the owner's account the write routes aim at. */
type Targets = {
  accountId: string;
  roleId: string;
  viewerRoleId: string;
  memberId: string;
  keyId: string;
  invitationId: string;
};

type WriteRoute = {
  name: string;
  method: 'POST' | 'PATCH' | 'DELETE';
  path: (x: Targets) => string;
  body?: (x: Targets) => unknown;
};

const WRITE_ROUTES: WriteRoute[] = [
  {
    name: 'POST /v1/roles',
    method: 'POST',
    path: () => '/v1/roles',
    body: () => ({ name: 'new role', permissions: ['contacts:read'] }),
  },
  {
    name: 'PATCH /v1/roles/{id}',
    method: 'PATCH',
    path: (x) => `/v1/roles/${x.roleId}`,
    body: () => ({ description: 'changed' }),
  },
  { name: 'DELETE /v1/roles/{id}', method: 'DELETE', path: (x) => `/v1/roles/${x.roleId}` },
  {
    name: 'PATCH /v1/users/{id}',
    method: 'PATCH',
    path: (x) => `/v1/users/${x.memberId}`,
    body: (x) => ({ role_id: x.viewerRoleId }),
  },
  { name: 'DELETE /v1/users/{id}', method: 'DELETE', path: (x) => `/v1/users/${x.memberId}` },
  {
    name: 'POST /v1/api-keys',
    method: 'POST',
    path: () => '/v1/api-keys',
    body: () => ({ name: 'new key' }),
  },
  {
    name: 'DELETE /v1/api-keys/{id}',
    method: 'DELETE',
    path: (x) => `/v1/api-keys/${x.keyId}`,
  },
  {
    name: 'POST /v1/invitations',
    method: 'POST',
    path: () => '/v1/invitations',
    body: (x) => ({ email: uniqueEmail(), role_id: x.viewerRoleId }),
  },
  {
    name: 'DELETE /v1/invitations/{id}',
    method: 'DELETE',
    path: (x) => `/v1/invitations/${x.invitationId}`,
  },
  {
    name: 'PATCH /v1/accounts/{id}',
    method: 'PATCH',
    path: (x) => `/v1/accounts/${x.accountId}`,
    body: () => ({ name: 'renamed' }),
  },
  {
    name: 'DELETE /v1/accounts/{id}',
    method: 'DELETE',
    path: (x) => `/v1/accounts/${x.accountId}`,
  },
];

const READ_ROUTES = ['/v1/roles', '/v1/users', '/v1/api-keys', '/v1/invitations'];

let t: TestContext;
let owner: Session;
let targets: Targets;
const actors = {} as Record<'viewer' | 'agent' | 'viewer key' | 'agent key', () => RequestOptions>;

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Owner Co' });
  const viewer = await addMember(t, owner, 'viewer');
  const agent = await addMember(t, owner, 'agent');
  const target = await addMember(t, owner, 'agent');
  const viewerKey = await createApiKey(t, owner, 'viewer');
  const agentKey = await createApiKey(t, owner, 'agent');
  const viewerRoleId = await roleId(t, owner, 'viewer');
  const key = await t.request('POST', '/v1/api-keys', as(owner, { body: { name: 'target key' } }));
  const invitation = await t.request(
    'POST',
    '/v1/invitations',
    as(owner, { body: { email: uniqueEmail(), role_id: viewerRoleId } }),
  );
  targets = {
    accountId: owner.accountId,
    roleId: await createRole(t, owner, 'spare', ['contacts:read']),
    viewerRoleId,
    memberId: target.userId,
    keyId: key.body.id,
    invitationId: invitation.body.id,
  };
  actors.viewer = () => as(viewer);
  actors.agent = () => as(agent);
  actors['viewer key'] = () => ({ token: viewerKey });
  actors['agent key'] = () => ({ token: agentKey });
});
afterAll(() => t.close());

describe.each(['viewer', 'agent', 'viewer key', 'agent key'] as const)('a %s', (actor) => {
  // Agents hold no management permission: every write route of the tenancy modules is denied.
  it.each(WRITE_ROUTES.map((r) => [r.name, r] as const))(
    'is denied %s with 403 permission_denied',
    async (_name, route) => {
      const res = await t.request(route.method, route.path(targets), {
        ...actors[actor](),
        body: route.body?.(targets),
      });
      expectProblem(res, 403, 'permission_denied');
      expect(res.body).toMatchObject({
        type: expect.stringContaining('permission-denied'),
        title: 'Forbidden',
        detail: expect.any(String),
        request_id: res.headers.get('x-request-id'),
      });
    },
  );

  it.each(READ_ROUTES)('may read %s', async (path) => {
    const res = await t.request('GET', path, actors[actor]());
    expect(res.status, res.text).toBe(200);
  });
});

describe('after every denial', () => {
  it('nothing changed in the account', async () => {
    const roles = await t.request('GET', '/v1/roles?sort=name:asc', as(owner));
    expect(roles.body.items.map((r: { name: string }) => r.name)).toEqual([
      'admin',
      'agent',
      'spare',
      'viewer',
    ]);
    const spare = await t.request('GET', `/v1/roles/${targets.roleId}`, as(owner));
    expect(spare.body.description).toBeNull();
    const member = await t.request('GET', `/v1/users/${targets.memberId}`, as(owner));
    expect(member.body.role.name).toBe('agent');
    const keys = await t.request('GET', '/v1/api-keys?filter=revoked_at:is_null:false', as(owner));
    expect(keys.body.total).toBe(0);
    const invitations = await t.request('GET', '/v1/invitations', as(owner));
    expect(invitations.body.items.map((i: { id: string }) => i.id)).toEqual([targets.invitationId]);
    const account = await t.request('GET', `/v1/accounts/${owner.accountId}`, { token: owner.token });
    expect(account.body.name).toBe('Owner Co');
  });
});
