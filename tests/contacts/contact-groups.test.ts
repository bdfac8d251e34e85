import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, type Session } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, createContact, errorPaths, signUpWithCountry } from './support.js';

let t: TestContext;
let owner: Session;
let other: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUpWithCountry(t, 'ET');
  other = await signUpWithCountry(t, 'ET');
});
afterAll(() => t.close());

async function createGroup(session: Session, name: string, description?: string): Promise<string> {
  const res = await as(t, session)('POST', '/v1/contact-groups', { name, description });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

describe('contact groups CRUD', () => {
  it('creates, reads, lists, renames and deletes a group', async () => {
    const call = as(t, owner);
    const created = await call('POST', '/v1/contact-groups', { name: 'Customers', description: 'Paying' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Customers', description: 'Paying', contact_count: 0 });
    const id = created.body.id;
    expect((await call('GET', `/v1/contact-groups/${id}`)).body).toEqual(created.body);

    const renamed = await call('PATCH', `/v1/contact-groups/${id}`, { name: 'Clients', description: null });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Clients', description: null, contact_count: 0 });

    const list = await call('GET', '/v1/contact-groups?filter=name:eq:Clients');
    expect(list.body).toMatchObject({ total: 1, items: [{ id, name: 'Clients' }] });

    expect((await call('DELETE', `/v1/contact-groups/${id}`)).status).toBe(204);
    expect((await call('GET', `/v1/contact-groups/${id}`)).status).toBe(404);
  });

  it('refuses a duplicate name case-insensitively (409), but not in another account', async () => {
    await createGroup(owner, 'Newsletter');
    const dup = await as(t, owner)('POST', '/v1/contact-groups', { name: 'NEWSLETTER' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('contact_group_name_taken');
    const another = await createGroup(owner, 'Another');
    const renamed = await as(t, owner)('PATCH', `/v1/contact-groups/${another}`, { name: 'newsletter' });
    expect(renamed.status).toBe(409);
    await createGroup(other, 'newsletter');
  });

  it('refuses invalid input with 422 on the field', async () => {
    const call = as(t, owner);
    for (const [body, path] of [
      [{}, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: 'ok', description: 'd'.repeat(1001) }, 'description'],
    ] as const) {
      const res = await call('POST', '/v1/contact-groups', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(errorPaths(res.body)).toEqual([path]);
    }
  });

  it('reports member counts for every group of a page', async () => {
    const call = as(t, owner);
    const a = await createGroup(owner, 'Count A');
    const b = await createGroup(owner, 'Count B');
    const c1 = await createContact(t, owner, { name: 'count 1' });
    const c2 = await createContact(t, owner, { name: 'count 2' });
    await call('POST', `/v1/contact-groups/${a}/members`, { contact_ids: [c1.id, c2.id] });
    await call('POST', `/v1/contact-groups/${b}/members`, { contact_ids: [c2.id] });
    const list = await call('GET', '/v1/contact-groups?filter=name:startswith:Count&sort=name:asc');
    expect(
      list.body.items.map((g: { name: string; contact_count: number }) => [g.name, g.contact_count]),
    ).toEqual([
      ['Count A', 2],
      ['Count B', 1],
    ]);
    expect((await call('GET', `/v1/contact-groups/${a}`)).body.contact_count).toBe(2);
  });
});

describe('group members', () => {
  it('adds and removes members, reporting unknown ids and ignoring existing members', async () => {
    const call = as(t, owner);
    const group = await createGroup(owner, 'Members');
    const c1 = await createContact(t, owner, { name: 'm1' });
    const c2 = await createContact(t, owner, { name: 'm2' });
    const unknown = randomUUID();

    const added = await call('POST', `/v1/contact-groups/${group}/members`, {
      contact_ids: [c1.id, unknown, c2.id, c1.id],
    });
    expect(added.status, added.text).toBe(200);
    expect(added.body).toEqual({ added: 2, not_found: [unknown] });

    const again = await call('POST', `/v1/contact-groups/${group}/members`, { contact_ids: [c1.id] });
    expect(again.body).toEqual({ added: 0, not_found: [] });

    const removed = await call('DELETE', `/v1/contact-groups/${group}/members`, {
      contact_ids: [c1.id, unknown],
    });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ removed: 1, not_found: [unknown] });
    expect((await call('GET', `/v1/contact-groups/${group}`)).body.contact_count).toBe(1);
  });

  it("reports another account's contacts as not found and never adds them", async () => {
    const group = await createGroup(owner, 'No foreigners');
    const mine = await createContact(t, owner, { name: 'mine' });
    const theirs = await createContact(t, other, { name: 'theirs' });
    const res = await as(t, owner)('POST', `/v1/contact-groups/${group}/members`, {
      contact_ids: [theirs.id, mine.id],
    });
    expect(res.body).toEqual({ added: 1, not_found: [theirs.id] });
    const members = await as(t, owner)('GET', `/v1/contacts?filter=group_id:eq:${group}`);
    expect(members.body.items.map((c: { id: string }) => c.id)).toEqual([mine.id]);
    const removed = await as(t, owner)('DELETE', `/v1/contact-groups/${group}/members`, {
      contact_ids: [theirs.id],
    });
    expect(removed.body).toEqual({ removed: 0, not_found: [theirs.id] });
  });

  it('keeps contacts when a group is deleted and drops memberships when a contact is deleted', async () => {
    const call = as(t, owner);
    const doomed = await createGroup(owner, 'Doomed');
    const kept = await createGroup(owner, 'Kept');
    const c1 = await createContact(t, owner, { name: 'survivor' });
    const c2 = await createContact(t, owner, { name: 'leaver' });
    await call('POST', `/v1/contact-groups/${doomed}/members`, { contact_ids: [c1.id] });
    await call('POST', `/v1/contact-groups/${kept}/members`, { contact_ids: [c1.id, c2.id] });

    expect((await call('DELETE', `/v1/contact-groups/${doomed}`)).status).toBe(204);
    expect((await call('GET', `/v1/contacts/${c1.id}`)).status).toBe(200);
    const ofDoomed = await call('GET', `/v1/contacts?filter=group_id:eq:${doomed}`);
    expect(ofDoomed.body.total).toBe(0);

    expect((await call('DELETE', `/v1/contacts/${c2.id}`)).status).toBe(204);
    expect((await call('GET', `/v1/contact-groups/${kept}`)).body.contact_count).toBe(1);
  });

  it('refuses an empty, oversized or malformed id list with 422', async () => {
    const group = await createGroup(owner, 'Validation');
    const call = as(t, owner);
    const cases: [unknown, string][] = [
      [{ contact_ids: [] }, 'contact_ids'],
      [{}, 'contact_ids'],
      [{ contact_ids: [randomUUID(), 'nope'] }, 'contact_ids.1'],
      [{ contact_ids: Array.from({ length: 10_001 }, () => randomUUID()) }, 'contact_ids'],
    ];
    for (const [body, path] of cases) {
      const res = await call('POST', `/v1/contact-groups/${group}/members`, body);
      expect(res.status).toBe(422);
      expect(errorPaths(res.body)).toEqual([path]);
    }
  });

  it('adds and removes 5,000 contacts in one call each', async () => {
    const group = await createGroup(owner, 'Bulk');
    // Seeded in SQL: 5,000 POSTs would dominate the run, and the membership call is what is under test.
    const seeded = await t.runtime.database.pool.query<{ id: string }>(
      `INSERT INTO contacts (account_id, name) SELECT $1, 'bulk ' || g FROM generate_series(1, 5000) g RETURNING id`,
      [owner.accountId],
    );
    const ids = seeded.rows.map((r) => r.id);
    const foreign = await createContact(t, other, { name: 'foreign bulk' });
    const unknown = randomUUID();

    const call = as(t, owner);
    const added = await call('POST', `/v1/contact-groups/${group}/members`, {
      contact_ids: [...ids, foreign.id, unknown],
    });
    expect(added.status, added.text).toBe(200);
    expect(added.body).toEqual({ added: 5000, not_found: [foreign.id, unknown] });
    expect((await call('GET', `/v1/contact-groups/${group}`)).body.contact_count).toBe(5000);
    const listed = await call('GET', `/v1/contacts?filter=group_id:eq:${group}&page_size=1`);
    expect(listed.body.total).toBe(5000);

    const again = await call('POST', `/v1/contact-groups/${group}/members`, { contact_ids: ids });
    expect(again.body).toEqual({ added: 0, not_found: [] });

    const removed = await call('DELETE', `/v1/contact-groups/${group}/members`, { contact_ids: ids });
    expect(removed.body).toEqual({ removed: 5000, not_found: [] });
    expect((await call('GET', `/v1/contact-groups/${group}`)).body.contact_count).toBe(0);
  });
});

describe('group tenancy and roles', () => {
  it("answers 404 for another account's group on every route", async () => {
    const group = await createGroup(owner, 'Private group');
    const theirContact = await createContact(t, other, { name: 'their contact' });
    const call = as(t, other);
    const body = { contact_ids: [theirContact.id] };
    for (const [method, path, payload] of [
      ['GET', `/v1/contact-groups/${group}`, undefined],
      ['PATCH', `/v1/contact-groups/${group}`, { name: 'stolen' }],
      ['DELETE', `/v1/contact-groups/${group}`, undefined],
      ['POST', `/v1/contact-groups/${group}/members`, body],
      ['DELETE', `/v1/contact-groups/${group}/members`, body],
    ] as const) {
      const res = await call(method, path, payload);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const mine = await as(t, owner)('GET', `/v1/contact-groups/${group}`);
    expect(mine.body).toMatchObject({ name: 'Private group', contact_count: 0 });
  });

  it('lets a viewer read but not change groups or members', async () => {
    const viewer = await addMember(t, owner, 'viewer');
    const group = await createGroup(owner, 'Viewer visible');
    const contact = await createContact(t, owner, { name: 'viewer target' });
    const call = as(t, viewer);
    expect((await call('GET', '/v1/contact-groups')).status).toBe(200);
    expect((await call('GET', `/v1/contact-groups/${group}`)).status).toBe(200);
    for (const [method, path, payload] of [
      ['POST', '/v1/contact-groups', { name: 'no' }],
      ['PATCH', `/v1/contact-groups/${group}`, { name: 'no' }],
      ['DELETE', `/v1/contact-groups/${group}`, undefined],
      ['POST', `/v1/contact-groups/${group}/members`, { contact_ids: [contact.id] }],
      ['DELETE', `/v1/contact-groups/${group}/members`, { contact_ids: [contact.id] }],
    ] as const) {
      const res = await call(method, path, payload);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect((await t.request('GET', '/v1/contact-groups')).status).toBe(401);
  });
});
