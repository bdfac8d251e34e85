import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specFor } from '../channels/support.js';
import { addMember, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// The audit log answers "who did this, from where?" after an incident: every change to channels,
// roles, keys, members and the account, every sign-in and failed sign-in, and never a secret.

const UA = 'incident-probe/1.0';
let t: TestContext;
let owner: Session;

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
});
afterAll(() => t.close());

const as = (session: Session | string, extra: Record<string, unknown> = {}) => ({
  token: typeof session === 'string' ? session : session.token,
  accountId: owner.accountId,
  headers: { 'user-agent': UA },
  remoteAddress: '203.0.113.9',
  ...extra,
});

async function auditLog(query = '', session: Session = owner) {
  const res = await t.request('GET', `/v1/audit-log${query}`, {
    token: session.token,
    accountId: owner.accountId,
  });
  expect(res.status, res.text).toBe(200);
  return res;
}

describe('GET /v1/audit-log', () => {
  it('records a channel created, updated and deleted, with actor, address and agent, and never its credentials', async () => {
    const spec = specFor('twilio');
    const created = await t.request(
      'POST',
      '/v1/channels',
      as(owner, {
        body: {
          channel_type: 'sms',
          provider: 'twilio',
          name: 'Alerts',
          credentials: spec.credentials,
          config: spec.config,
        },
      }),
    );
    expect(created.status, created.text).toBe(201);
    const newToken = 'f'.repeat(32);
    const patched = await t.request(
      'PATCH',
      `/v1/channels/${created.body.id}`,
      as(owner, {
        body: { name: 'Alerts 2', credentials: { ...spec.credentials, auth_token: newToken } },
      }),
    );
    expect(patched.status, patched.text).toBe(200);
    expect((await t.request('DELETE', `/v1/channels/${created.body.id}`, as(owner))).status).toBe(204);

    const res = await auditLog(`?filter=resource_id:eq:${created.body.id}&sort=created_at:asc`);
    expect(res.body.items.map((e: any) => e.action)).toEqual([
      'channel.created',
      'channel.updated',
      'channel.deleted',
    ]);
    const [create, update] = res.body.items;
    expect(create).toMatchObject({
      actor: { type: 'user', id: expect.any(String) },
      resource_type: 'channel',
      ip: '203.0.113.9',
      user_agent: UA,
    });
    expect(update.changes).toEqual({
      name: { from: 'Alerts', to: 'Alerts 2' },
      credentials: { from: '••••', to: '••••' },
    });
    for (const secret of [...spec.secrets, newToken]) expect(res.text).not.toContain(secret);
  });

  it('records API keys created and revoked by whoever did it, without the key', async () => {
    const made = await t.request('POST', '/v1/api-keys', as(owner, { body: { name: 'ci' } }));
    expect(made.status).toBe(201);
    const other = await t.request('POST', '/v1/api-keys', as(owner, { body: { name: 'deploy' } }));
    // The first key revokes the second: the actor is the key.
    expect((await t.request('DELETE', `/v1/api-keys/${other.body.id}`, as(made.body.key))).status).toBe(204);
    const res = await auditLog('?filter=resource_type:eq:api_key&sort=created_at:asc');
    expect(res.body.items.map((e: any) => e.action)).toEqual([
      'api_key.created',
      'api_key.created',
      'api_key.revoked',
    ]);
    expect(res.body.items[2].actor).toEqual({ type: 'api_key', id: made.body.id });
    const byKey = await auditLog('?filter=actor.type:eq:api_key');
    expect(byKey.body.items.map((e: any) => e.resource_id)).toEqual([other.body.id]);
    expect(res.text).not.toContain(made.body.key);
    expect(res.text).not.toContain(other.body.key);
  });

  it('records sign-ins and failed sign-ins with the client address, and roles and member changes', async () => {
    const wrong = await t.request('POST', '/v1/auth/login', {
      body: { email: owner.email, password: 'not-the-password' },
      remoteAddress: '198.51.100.66',
    });
    expect(wrong.status).toBe(401);
    const failed = await auditLog('?filter=action:eq:user.login_failed');
    expect(failed.body.items).toHaveLength(1);
    expect(failed.body.items[0]).toMatchObject({ ip: '198.51.100.66', resource_type: 'user' });
    expect(failed.text).not.toContain('not-the-password');

    const member = await addMember(t, owner, 'viewer');
    const role = await t.request(
      'POST',
      '/v1/roles',
      as(owner, { body: { name: 'auditor', permissions: ['contacts:read'] } }),
    );
    expect(role.status, role.text).toBe(201);
    const agentRole = await t.request('GET', '/v1/roles?filter=name:eq:agent', as(owner));
    const moved = await t.request(
      'PATCH',
      `/v1/users/${member.userId}`,
      as(owner, { body: { role_id: agentRole.body.items[0].id } }),
    );
    expect(moved.status, moved.text).toBe(200);
    const changes = await auditLog('?filter=action:in:role.created,member.role_changed&sort=created_at:asc');
    expect(changes.body.items.map((e: any) => [e.action, e.changes])).toEqual([
      [
        'role.created',
        { name: { to: 'auditor' }, description: { to: null }, permissions: { to: ['contacts:read'] } },
      ],
      ['member.role_changed', { role: { from: 'viewer', to: 'agent' } }],
    ]);
    const logins = await auditLog('?filter=action:eq:user.login');
    expect(logins.body.total).toBeGreaterThanOrEqual(1);
  });

  it('records nothing for a change that did not happen', async () => {
    const before = (await auditLog()).body.total;
    const duplicate = await t.request(
      'POST',
      '/v1/roles',
      as(owner, { body: { name: 'auditor', permissions: [] } }),
    );
    expect(duplicate.status).toBe(409);
    expect((await auditLog()).body.total).toBe(before);
  });

  it('needs account:manage, and filters like every list (an unknown field is 400)', async () => {
    const viewer = await addMember(t, owner, 'viewer');
    const denied = await t.request('GET', '/v1/audit-log', {
      token: viewer.token,
      accountId: owner.accountId,
    });
    expect(denied.status).toBe(403);
    const bad = await t.request('GET', '/v1/audit-log?filter=secret:eq:x', {
      token: owner.token,
      accountId: owner.accountId,
    });
    expect(bad.status).toBe(400);
    const paged = await auditLog('?page_size=2&page=1');
    expect(paged.body.items).toHaveLength(2);
    expect(paged.body.page_size).toBe(2);
  });

  it("shows one tenant nothing of another's", async () => {
    const stranger = await signUp(t);
    const theirs = await t.request('GET', '/v1/audit-log?page_size=100', {
      token: stranger.token,
      accountId: stranger.accountId,
    });
    expect(theirs.status).toBe(200);
    const ours = await auditLog('?page_size=100');
    const ourIds = new Set(ours.body.items.map((e: any) => e.id));
    expect(theirs.body.items.some((e: any) => ourIds.has(e.id))).toBe(false);
    expect(theirs.text).not.toContain(owner.accountId);
    // Their own id in our header is 403, never our log.
    const crossed = await t.request('GET', '/v1/audit-log', {
      token: stranger.token,
      accountId: owner.accountId,
    });
    expect(crossed.status).toBe(403);
  });
});
