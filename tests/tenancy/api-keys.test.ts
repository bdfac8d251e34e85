import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleId, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, expectProblem } from './support.js';

let t: TestContext;
let owner: Session;
let other: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Keys Co' });
  other = await signUp(t, { accountName: 'Other Co' });
});
afterAll(() => t.close());

async function createKey(name: string, role?: string) {
  const body = role ? { name, role_id: await roleId(t, owner, role) } : { name };
  const res = await t.request('POST', '/v1/api-keys', as(owner, { body }));
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; key: string; prefix: string; role: { name: string } };
}

describe('API key lifecycle', () => {
  it('shows the key once, at creation', async () => {
    const created = await createKey('ci', 'agent');
    expect(created.key).toMatch(/^tk_[A-Za-z0-9_-]{20,}$/);
    expect(created).toMatchObject({
      name: 'ci',
      role: { name: 'agent' },
      last_used_at: null,
      revoked_at: null,
    });
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.prefix.length).toBeLessThan(created.key.length / 2);

    const read = await t.request('GET', `/v1/api-keys/${created.id}`, as(owner));
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('key');
    expect(read.text).not.toContain(created.key);
    const list = await t.request('GET', '/v1/api-keys', as(owner));
    expect(list.body.items.map((k: { id: string }) => k.id)).toContain(created.id);
    for (const item of list.body.items) expect(item).not.toHaveProperty('key');
    expect(list.text).not.toContain(created.key);
  });

  it("defaults to the creator's role", async () => {
    const created = await createKey('default-role');
    expect(created.role.name).toBe('admin');
  });

  it('acts in its account with its role', async () => {
    const viewer = await createKey('reader', 'viewer');
    const read = await t.request('GET', '/v1/roles', { token: viewer.key });
    expect(read.status, read.text).toBe(200);
    const own = await t.request('GET', '/v1/roles', as(owner));
    expect(read.body.items).toEqual(own.body.items);
    // A viewer key cannot write.
    const write = await t.request('POST', '/v1/roles', {
      token: viewer.key,
      body: { name: 'by-key', permissions: [] },
    });
    expectProblem(write, 403, 'permission_denied');
    const revoke = await t.request('DELETE', `/v1/api-keys/${viewer.id}`, { token: viewer.key });
    expectProblem(revoke, 403, 'permission_denied');

    const admin = await createKey('writer', 'admin');
    const created = await t.request('POST', '/v1/roles', {
      token: admin.key,
      body: { name: 'by-admin-key', permissions: [] },
    });
    expect(created.status, created.text).toBe(201);
    const seen = await t.request('GET', `/v1/roles/${created.body.id}`, as(owner));
    expect(seen.body.name).toBe('by-admin-key');
  });

  it('records when it was last used', async () => {
    const key = await createKey('used', 'viewer');
    await t.request('GET', '/v1/roles', { token: key.key });
    await expect
      .poll(async () => (await t.request('GET', `/v1/api-keys/${key.id}`, as(owner))).body.last_used_at)
      .toMatch(/Z$/);
  });

  it('accepts its own account in X-Account-Id and refuses another account (403)', async () => {
    const key = await createKey('scoped', 'admin');
    const same = await t.request('GET', '/v1/roles', { token: key.key, accountId: owner.accountId });
    expect(same.status, same.text).toBe(200);
    const elsewhere = await t.request('GET', '/v1/roles', { token: key.key, accountId: other.accountId });
    expectProblem(elsewhere, 403, 'not_a_member');
    expect(elsewhere.text).not.toContain('Other Co');
  });

  it('stops working at once when revoked (401)', async () => {
    const key = await createKey('revoke-me', 'admin');
    expect((await t.request('GET', '/v1/roles', { token: key.key })).status).toBe(200);
    const revoked = await t.request('DELETE', `/v1/api-keys/${key.id}`, as(owner));
    expect(revoked.status, revoked.text).toBe(204);
    expectProblem(await t.request('GET', '/v1/roles', { token: key.key }), 401);
    expectProblem(await t.request('GET', '/v1/accounts', { token: key.key }), 401);
    const read = await t.request('GET', `/v1/api-keys/${key.id}`, as(owner));
    expect(read.body.revoked_at).toMatch(/Z$/);
    const active = await t.request(
      'GET',
      '/v1/api-keys?filter=revoked_at:is_null:true&page_size=100',
      as(owner),
    );
    expect(active.body.items.map((k: { id: string }) => k.id)).not.toContain(key.id);
  });

  it('answers 401 for an unknown key and for a mangled one', async () => {
    expectProblem(await t.request('GET', '/v1/roles', { token: 'tk_not-a-real-key' }), 401);
    const key = await createKey('mangled', 'viewer');
    expectProblem(await t.request('GET', '/v1/roles', { token: `${key.key}x` }), 401);
    expectProblem(await t.request('GET', '/v1/roles', { token: key.key.toUpperCase() }), 401);
  });

  it('answers 404 for an unknown key id', async () => {
    const res = await t.request('DELETE', '/v1/api-keys/00000000-0000-4000-8000-000000000000', as(owner));
    expectProblem(res, 404, 'not_found');
  });

  it('refuses a missing or blank name (422)', async () => {
    for (const body of [{}, { name: '   ' }, { name: 'x'.repeat(101) }]) {
      const res = await t.request('POST', '/v1/api-keys', as(owner, { body }));
      expectProblem(res, 422);
      expect(res.body.errors[0].path).toBe('name');
    }
  });
});

describe('API key storage', () => {
  it('never stores the secret in clear', async () => {
    const created = await createKey('stored', 'viewer');
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT * FROM api_keys WHERE id = $1', [created.id]);
      expect(rows).toHaveLength(1);
      for (const [column, value] of Object.entries(rows[0] as Record<string, unknown>)) {
        const text = value instanceof Date ? value.toISOString() : String(value);
        expect(text, column).not.toBe(created.key);
        expect(text, column).not.toContain(created.key.slice(12));
      }
      // Nothing in the whole table, nor in its row as JSON, holds the secret.
      const { rows: found } = await client.query(
        'SELECT count(*)::int AS n FROM api_keys k WHERE row_to_json(k)::text LIKE $1',
        [`%${created.key.slice(12)}%`],
      );
      expect(found[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('keeps the secret out of the logs', async () => {
    const created = await createKey('logged', 'viewer');
    await t.request('GET', '/v1/roles', { token: created.key });
    expect(t.logLines.join('\n')).not.toContain(created.key.slice(12));
  });
});
