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

describe('persons', () => {
  it('creates, lists, reads, updates and deletes a person', async () => {
    const call = as(t, owner);
    const created = await call('POST', '/v1/persons', { name: ' Almaz ', attributes: { tier: 'gold' } });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ name: 'Almaz', attributes: { tier: 'gold' } });
    const id = created.body.id;

    expect((await call('GET', `/v1/persons/${id}`)).body).toEqual(created.body);
    const list = await call('GET', '/v1/persons?filter=attributes.tier:eq:gold');
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([id]);
    expect(list.body.total).toBe(1);

    const patched = await call('PATCH', `/v1/persons/${id}`, { attributes: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Almaz', attributes: {} });

    expect((await call('DELETE', `/v1/persons/${id}`)).status).toBe(204);
    expect((await call('GET', `/v1/persons/${id}`)).status).toBe(404);
  });

  it('unlinks its contacts when a person is deleted, keeping the contacts', async () => {
    const call = as(t, owner);
    const person = await call('POST', '/v1/persons', { name: 'Linked' });
    const contact = await createContact(t, owner, { name: 'c1', person_id: person.body.id });
    const byPerson = await call('GET', `/v1/contacts?filter=person_id:eq:${person.body.id}`);
    expect(byPerson.body.items.map((c: { id: string }) => c.id)).toEqual([contact.id]);
    await call('DELETE', `/v1/persons/${person.body.id}`);
    const after = await call('GET', `/v1/contacts/${contact.id}`);
    expect(after.status).toBe(200);
    expect(after.body.person_id).toBeNull();
  });

  it('refuses invalid input with 422 on the field', async () => {
    const call = as(t, owner);
    for (const [body, path] of [
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'x', attributes: { 'no spaces': 1 } }, 'attributes.no spaces'],
      [{ name: 'x', attributes: { obj: {} } }, 'attributes.obj'],
    ] as const) {
      const res = await call('POST', '/v1/persons', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(errorPaths(res.body)).toContain(path);
    }
    const person = await call('POST', '/v1/persons', { name: 'keep' });
    const nulled = await call('PATCH', `/v1/persons/${person.body.id}`, { name: null });
    expect(nulled.status).toBe(422);
    expect(errorPaths(nulled.body)).toEqual(['name']);
  });

  it("answers 404 for another account's person", async () => {
    const person = await as(t, owner)('POST', '/v1/persons', { name: 'Mine' });
    const call = as(t, other);
    expect((await call('GET', `/v1/persons/${person.body.id}`)).status).toBe(404);
    expect((await call('PATCH', `/v1/persons/${person.body.id}`, { name: 'x' })).status).toBe(404);
    expect((await call('DELETE', `/v1/persons/${person.body.id}`)).status).toBe(404);
    const list = await call('GET', '/v1/persons');
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(person.body.id);
    expect((await as(t, owner)('GET', `/v1/persons/${person.body.id}`)).body.name).toBe('Mine');
  });

  it('lets a viewer read but not write', async () => {
    const viewer = await addMember(t, owner, 'viewer');
    const person = await as(t, owner)('POST', '/v1/persons', { name: 'Read me' });
    expect((await as(t, viewer)('GET', `/v1/persons/${person.body.id}`)).status).toBe(200);
    expect((await as(t, viewer)('GET', '/v1/persons')).status).toBe(200);
    expect((await as(t, viewer)('POST', '/v1/persons', { name: 'no' })).status).toBe(403);
    expect((await as(t, viewer)('PATCH', `/v1/persons/${person.body.id}`, { name: 'no' })).status).toBe(403);
    expect((await as(t, viewer)('DELETE', `/v1/persons/${person.body.id}`)).status).toBe(403);
    expect((await t.request('GET', '/v1/persons')).status).toBe(401);
  });
});
