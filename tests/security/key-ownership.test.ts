import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createApiKey, roleId, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// A dismissed or demoted member must not keep acting through the API keys they made, and a role that
// may manage keys must not reach the keys of roles above its own.

let t: TestContext;
let owner: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
});
afterAll(() => t.close());

const as = (session: Session) => ({ token: session.token, accountId: owner.accountId });

async function keyOf(id: string) {
  const res = await t.request('GET', `/v1/api-keys/${id}`, as(owner));
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe('keys and their creator', () => {
  it('shows who created a key, downgrades it when they are demoted and revokes it when they are removed', async () => {
    const member = await addMember(t, owner, 'admin');
    const made = await t.request('POST', '/v1/api-keys', {
      ...as(member),
      body: { name: 'member-admin-key' },
    });
    expect(made.status, made.text).toBe(201);
    expect(made.body.created_by_user_id).toBe(member.userId);
    const listed = await t.request(
      'GET',
      `/v1/api-keys?filter=created_by_user_id:eq:${member.userId}`,
      as(owner),
    );
    expect(listed.body.items.map((k: any) => k.id)).toEqual([made.body.id]);

    // While an admin, the key creates roles.
    const before = await t.request('POST', '/v1/roles', {
      token: made.body.key,
      body: { name: 'r1', permissions: [] },
    });
    expect(before.status).toBe(201);

    const demoted = await t.request('PATCH', `/v1/users/${member.userId}`, {
      ...as(owner),
      body: { role_id: await roleId(t, owner, 'agent') },
    });
    expect(demoted.status, demoted.text).toBe(200);
    expect((await keyOf(made.body.id)).role.name).toBe('agent');
    const after = await t.request('POST', '/v1/roles', {
      token: made.body.key,
      body: { name: 'r2', permissions: [] },
    });
    expect(after.status).toBe(403);

    const removed = await t.request('DELETE', `/v1/users/${member.userId}`, as(owner));
    expect(removed.status, removed.text).toBe(204);
    expect((await keyOf(made.body.id)).revoked_at).not.toBeNull();
    const gone = await t.request('GET', '/v1/contacts', { token: made.body.key });
    expect(gone.status).toBe(401);

    const audit = await t.request(
      'GET',
      `/v1/audit-log?filter=resource_id:eq:${made.body.id}&sort=created_at:asc`,
      as(owner),
    );
    expect(audit.body.items.map((e: any) => e.action)).toEqual([
      'api_key.created',
      'api_key.downgraded',
      'api_key.revoked',
    ]);
  });

  it("keeps the owner's own keys when someone else is removed", async () => {
    const ownerKey = await createApiKey(t, owner, 'admin');
    const member = await addMember(t, owner, 'agent');
    expect((await t.request('DELETE', `/v1/users/${member.userId}`, as(owner))).status).toBe(204);
    expect((await t.request('GET', '/v1/contacts', { token: ownerKey })).status).toBe(200);
  });
});

describe('no acting on your betters', () => {
  it('refuses a key manager revoking an admin key (403), and lets it revoke keys within its own role', async () => {
    const role = await t.request('POST', '/v1/roles', {
      ...as(owner),
      body: { name: 'keymaster', permissions: ['api_keys:manage', 'api_keys:read'] },
    });
    expect(role.status, role.text).toBe(201);
    const keymaster = await addMember(t, owner, 'keymaster');
    const adminKey = await t.request('POST', '/v1/api-keys', { ...as(owner), body: { name: 'admin-key' } });
    const refused = await t.request('DELETE', `/v1/api-keys/${adminKey.body.id}`, as(keymaster));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('role_escalation');
    expect((await t.request('GET', '/v1/contacts', { token: adminKey.body.key })).status).toBe(200);

    const ownKey = await t.request('POST', '/v1/api-keys', { ...as(keymaster), body: { name: 'own' } });
    expect(ownKey.status, ownKey.text).toBe(201);
    expect((await t.request('DELETE', `/v1/api-keys/${ownKey.body.id}`, as(keymaster))).status).toBe(204);
  });
});
