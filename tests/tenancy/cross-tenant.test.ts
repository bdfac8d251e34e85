import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createApiKey, roleId, type Session, signUp, uniqueEmail } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, createRole, expectProblem } from './support.js';

/** Account A's objects that account B must never reach. */
type Victim = {
  accountId: string;
  roleId: string;
  memberId: string;
  memberEmail: string;
  keyId: string;
  key: string;
  invitationId: string;
  invitedEmail: string;
};

type TenantRoute = {
  method: 'GET' | 'PATCH' | 'DELETE';
  path: (v: Victim) => string;
  body?: (v: Victim, attacker: { roleId: string }) => unknown;
};

// Every by-id route of the tenancy modules.
const ROUTES: TenantRoute[] = [
  { method: 'GET', path: (v) => `/v1/roles/${v.roleId}` },
  {
    method: 'PATCH',
    path: (v) => `/v1/roles/${v.roleId}`,
    body: () => ({ name: 'hijacked', permissions: ['*'] }),
  },
  { method: 'DELETE', path: (v) => `/v1/roles/${v.roleId}` },
  { method: 'GET', path: (v) => `/v1/users/${v.memberId}` },
  { method: 'PATCH', path: (v) => `/v1/users/${v.memberId}`, body: (_v, a) => ({ role_id: a.roleId }) },
  { method: 'PATCH', path: (v) => `/v1/users/${v.memberId}`, body: (v) => ({ role_id: v.roleId }) },
  { method: 'DELETE', path: (v) => `/v1/users/${v.memberId}` },
  { method: 'GET', path: (v) => `/v1/api-keys/${v.keyId}` },
  { method: 'DELETE', path: (v) => `/v1/api-keys/${v.keyId}` },
  { method: 'DELETE', path: (v) => `/v1/invitations/${v.invitationId}` },
  { method: 'GET', path: (v) => `/v1/accounts/${v.accountId}` },
  { method: 'PATCH', path: (v) => `/v1/accounts/${v.accountId}`, body: () => ({ name: 'hijacked' }) },
  { method: 'DELETE', path: (v) => `/v1/accounts/${v.accountId}` },
];

let t: TestContext;
let victim: Victim;
let victimOwner: Session;
let attacker: Session;
let attackerKey: string;
let attackerRoleId: string;

beforeAll(async () => {
  t = await setupTestApp();
  victimOwner = await signUp(t, { accountName: 'Victim Co' });
  attacker = await signUp(t, { accountName: 'Attacker Co' });
  attackerKey = await createApiKey(t, attacker, 'admin');
  attackerRoleId = await roleId(t, attacker, 'viewer');

  const secretRole = await createRole(t, victimOwner, 'victim-secret-role', ['contacts:read']);
  const member = await addMember(t, victimOwner, 'agent');
  const key = await t.request(
    'POST',
    '/v1/api-keys',
    as(victimOwner, { body: { name: 'victim-secret-key' } }),
  );
  const invitedEmail = uniqueEmail('victim-invitee');
  const invitation = await t.request(
    'POST',
    '/v1/invitations',
    as(victimOwner, { body: { email: invitedEmail, role_id: secretRole } }),
  );
  expect(invitation.status, invitation.text).toBe(201);
  victim = {
    accountId: victimOwner.accountId,
    roleId: secretRole,
    memberId: member.userId,
    memberEmail: member.email,
    keyId: key.body.id,
    key: key.body.key,
    invitationId: invitation.body.id,
    invitedEmail,
  };
});
afterAll(() => t.close());

/** Strings of account A that must not appear in anything B receives. */
const secretsOf = (v: Victim) => [
  'victim-secret-role',
  'victim-secret-key',
  'Victim Co',
  v.memberEmail,
  v.invitedEmail,
  v.accountId,
  v.roleId,
  v.memberId,
  v.keyId,
  v.invitationId,
];

describe.each([
  ['an admin user of another account', () => ({ token: attacker.token, accountId: attacker.accountId })],
  ['an admin API key of another account', () => ({ token: attackerKey })],
])('as %s', (_label, credentials) => {
  it.each(
    ROUTES.map((r) => [`${r.method} ${r.path({} as Victim).replace(/undefined/g, '{id}')}`, r] as const),
  )('%s answers 404 and leaks nothing', async (_name, route) => {
    const res = await t.request(route.method, route.path(victim), {
      ...credentials(),
      body: route.body?.(victim, { roleId: attackerRoleId }),
    });
    expectProblem(res, 404, 'not_found');
    for (const secret of secretsOf(victim)) expect(res.text).not.toContain(secret);
  });

  it.each([
    ['/v1/roles', 'id', () => victim.roleId],
    ['/v1/users', 'id', () => victim.memberId],
    ['/v1/api-keys', 'id', () => victim.keyId],
    ['/v1/accounts', 'id', () => victim.accountId],
  ])('the list %s never holds the other account’s object', async (path, field, id) => {
    const res = await t.request('GET', `${path}?filter=${field}:eq:${id()}`, credentials());
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ items: [], total: 0 });
    const all = await t.request('GET', `${path}?page_size=100`, credentials());
    for (const secret of secretsOf(victim)) expect(all.text).not.toContain(secret);
  });

  it('the invitation list never holds the other account’s invitations', async () => {
    const res = await t.request('GET', '/v1/invitations', credentials());
    expect(res.status, res.text).toBe(200);
    for (const secret of secretsOf(victim)) expect(res.text).not.toContain(secret);
  });

  it("refuses to hand out the other account's role (422), naming role_id", async () => {
    const key = await t.request('POST', '/v1/api-keys', {
      ...credentials(),
      body: { name: 'stolen role', role_id: victim.roleId },
    });
    expectProblem(key, 422);
    expect(key.body.errors).toEqual([expect.objectContaining({ path: 'role_id' })]);
    const invite = await t.request('POST', '/v1/invitations', {
      ...credentials(),
      body: { email: uniqueEmail(), role_id: victim.roleId },
    });
    expectProblem(invite, 422);
    const promote = await t.request('PATCH', `/v1/users/${attacker.userId}`, {
      ...credentials(),
      body: { role_id: victim.roleId },
    });
    expectProblem(promote, 422);
  });
});

describe('after every attempt', () => {
  it("the victim's objects are untouched", async () => {
    const role = await t.request('GET', `/v1/roles/${victim.roleId}`, as(victimOwner));
    expect(role.body).toMatchObject({ name: 'victim-secret-role', permissions: ['contacts:read'] });
    const member = await t.request('GET', `/v1/users/${victim.memberId}`, as(victimOwner));
    expect(member.body.role.name).toBe('agent');
    const key = await t.request('GET', `/v1/api-keys/${victim.keyId}`, as(victimOwner));
    expect(key.body.revoked_at).toBeNull();
    expect((await t.request('GET', '/v1/roles', { token: victim.key })).status).toBe(200);
    const invitations = await t.request('GET', '/v1/invitations', as(victimOwner));
    expect(invitations.body.items.map((i: { id: string }) => i.id)).toEqual([victim.invitationId]);
    const account = await t.request('GET', `/v1/accounts/${victim.accountId}`, { token: victimOwner.token });
    expect(account.body.name).toBe('Victim Co');
  });
});
