import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createApiKey, type Session } from '../helpers/factories.js';
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

describe('contacts CRUD', () => {
  it('creates, reads, updates and deletes a contact', async () => {
    const call = as(t, owner);
    const created = await call('POST', '/v1/contacts', {
      name: 'Abebe Kebede',
      first_name: 'Abebe',
      last_name: 'Kebede',
      phone: '0911 11 00 01',
      email: 'Abebe@Example.com',
      telegram_chat_id: 123456789,
      messenger_psid: '9876543210',
      attributes: { city: 'Addis Ababa', visits: 3, vip: true, note: null },
      tags: ['vip', ' vip ', 'newsletter'],
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Abebe Kebede',
      first_name: 'Abebe',
      last_name: 'Kebede',
      phone: '+251911110001',
      email: 'Abebe@Example.com',
      telegram_chat_id: '123456789',
      messenger_psid: '9876543210',
      attributes: { city: 'Addis Ababa', visits: 3, vip: true, note: null },
      tags: ['vip', 'newsletter'],
      person_id: null,
    });
    expect(created.body.created_at).toMatch(/Z$/);
    const id = created.body.id;

    const read = await call('GET', `/v1/contacts/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const patched = await call('PATCH', `/v1/contacts/${id}`, {
      first_name: 'Abe',
      email: null,
      tags: null,
      attributes: { plan: 'gold' },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({
      first_name: 'Abe',
      last_name: 'Kebede',
      phone: '+251911110001',
      email: null,
      tags: [],
      attributes: { plan: 'gold' },
    });

    const deleted = await call('DELETE', `/v1/contacts/${id}`);
    expect(deleted.status).toBe(204);
    expect((await call('GET', `/v1/contacts/${id}`)).status).toBe(404);
    expect((await call('DELETE', `/v1/contacts/${id}`)).status).toBe(404);
  });

  it('works with an API key of the account', async () => {
    const key = await createApiKey(t, owner, 'agent');
    const res = await t.request('POST', '/v1/contacts', { token: key, body: { name: 'Via key' } });
    expect(res.status, res.text).toBe(201);
  });

  it('links a contact to a person of the same account only', async () => {
    const person = await as(t, owner)('POST', '/v1/persons', { name: 'Almaz' });
    expect(person.status).toBe(201);
    const linked = await createContact(t, owner, { name: 'Almaz work', person_id: person.body.id });
    expect(linked.person_id).toBe(person.body.id);

    const foreign = await as(t, other)('POST', '/v1/persons', { name: 'Elsewhere' });
    const refused = await as(t, owner)('POST', '/v1/contacts', { name: 'X', person_id: foreign.body.id });
    expect(refused.status).toBe(422);
    expect(errorPaths(refused.body)).toEqual(['person_id']);
    const refusedPatch = await as(t, owner)('PATCH', `/v1/contacts/${linked.id}`, {
      person_id: foreign.body.id,
    });
    expect(refusedPatch.status).toBe(422);

    const unlinked = await as(t, owner)('PATCH', `/v1/contacts/${linked.id}`, { person_id: null });
    expect(unlinked.body.person_id).toBeNull();
  });
});

describe('contact validation', () => {
  it.each([
    [{ email: 'not-an-email' }, 'email'],
    [{ phone: 12345 }, 'phone'],
    [{ tags: ['ok', ''] }, 'tags.1'],
    [{ tags: 'vip' }, 'tags'],
    [{ attributes: { 'bad key': 1 } }, 'attributes.bad key'],
    [{ attributes: { nested: { a: 1 } } }, 'attributes.nested'],
    [{ attributes: { list: [1, 2] } }, 'attributes.list'],
    [{ attributes: ['a'] }, 'attributes'],
    [{ attributes: { long: 'x'.repeat(2001) } }, 'attributes.long'],
    [{ person_id: 'not-a-uuid' }, 'person_id'],
    [{ name: 'n'.repeat(201) }, 'name'],
  ])('refuses %j with 422 on %s', async (body, path) => {
    const res = await as(t, owner)('POST', '/v1/contacts', body);
    expect(res.status, res.text).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(errorPaths(res.body)).toContain(path);
  });

  it('limits the number and size of attributes', async () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i]));
    const tooMany = await as(t, owner)('POST', '/v1/contacts', { attributes: many });
    expect(tooMany.status).toBe(422);
    expect(errorPaths(tooMany.body)).toEqual(['attributes']);
    const big = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'x'.repeat(1000)]));
    const tooBig = await as(t, owner)('POST', '/v1/contacts', { attributes: big });
    expect(tooBig.status).toBe(422);
    expect(errorPaths(tooBig.body)).toEqual(['attributes']);
  });

  it('answers 400 for malformed JSON and 404 for a malformed or unknown id', async () => {
    const malformed = await t.request('POST', '/v1/contacts', {
      token: owner.token,
      accountId: owner.accountId,
      rawBody: '{"name":',
    });
    expect(malformed.status).toBe(400);
    expect((await as(t, owner)('GET', '/v1/contacts/not-a-uuid')).status).toBe(400);
    expect((await as(t, owner)('GET', '/v1/contacts/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('phone numbers', () => {
  it('stores national numbers in E.164 using the account default country', async () => {
    const contact = await createContact(t, owner, { phone: '0922 00 00 01' });
    expect(contact.phone).toBe('+251922000001');
  });

  it('keeps an international number as is, whatever the account country', async () => {
    const contact = await createContact(t, owner, { phone: '+44 7911 123456' });
    expect(contact.phone).toBe('+447911123456');
  });

  it('refuses an invalid number with 422 on phone', async () => {
    for (const phone of ['12', 'call me', '+251211234567', '']) {
      const res = await as(t, owner)('POST', '/v1/contacts', { phone });
      expect(res.status, phone).toBe(422);
      expect(errorPaths(res.body)).toEqual(['phone']);
    }
    const existing = await createContact(t, owner, { name: 'patch target' });
    const patched = await as(t, owner)('PATCH', `/v1/contacts/${existing.id}`, { phone: '0911' });
    expect(patched.status).toBe(422);
    expect(errorPaths(patched.body)).toEqual(['phone']);
  });

  it('needs a country code when the account has no default country', async () => {
    const noCountry = await signUpWithCountry(t, null);
    const national = await as(t, noCountry)('POST', '/v1/contacts', { phone: '0911234567' });
    expect(national.status).toBe(422);
    expect(national.body.errors[0]).toMatchObject({ path: 'phone' });
    expect(national.body.errors[0].message).toContain('country code');
    const international = await createContact(t, noCountry, { phone: '+251911234567' });
    expect(international.phone).toBe('+251911234567');
  });

  it('treats formatting variations of one number as the same phone (409 on the second)', async () => {
    await createContact(t, owner, { phone: '+251 93 000 0001' });
    for (const phone of ['0930000001', '00251930000001', '(093) 000-0001', '251930000001']) {
      const res = await as(t, owner)('POST', '/v1/contacts', { phone });
      expect(res.status, phone).toBe(409);
      expect(res.body.code).toBe('contact_phone_taken');
    }
  });

  it('refuses a PATCH that takes another contact phone with 409', async () => {
    await createContact(t, owner, { phone: '0930000002' });
    const second = await createContact(t, owner, { phone: '0930000003' });
    const res = await as(t, owner)('PATCH', `/v1/contacts/${second.id}`, { phone: '+251930000002' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('contact_phone_taken');
  });

  it('allows the same phone in another account', async () => {
    await createContact(t, owner, { phone: '0930000004' });
    const elsewhere = await createContact(t, other, { phone: '0930000004' });
    expect(elsewhere.phone).toBe('+251930000004');
  });
});

describe('email uniqueness', () => {
  it('is case-insensitive within an account and keeps the spelling given', async () => {
    const first = await createContact(t, owner, { email: 'Mixed.Case@Example.com' });
    expect(first.email).toBe('Mixed.Case@Example.com');
    const dup = await as(t, owner)('POST', '/v1/contacts', { email: 'mixed.case@example.COM' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('contact_email_taken');
    const second = await createContact(t, owner, { email: 'someone.else@example.com' });
    const patched = await as(t, owner)('PATCH', `/v1/contacts/${second.id}`, {
      email: 'MIXED.CASE@EXAMPLE.COM',
    });
    expect(patched.status).toBe(409);
    expect(patched.body.code).toBe('contact_email_taken');
    const elsewhere = await createContact(t, other, { email: 'mixed.case@example.com' });
    expect(elsewhere.email).toBe('mixed.case@example.com');
  });
});

describe('tenancy and roles', () => {
  it("answers 404 for another account's contact on read, patch and delete", async () => {
    const mine = await createContact(t, owner, { name: 'Private', phone: '0940000001' });
    const call = as(t, other);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'stolen' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await call(method, `/v1/contacts/${mine.id}`, body);
      expect(res.status, method).toBe(404);
      expect(res.text).not.toContain('Private');
    }
    const list = await call('GET', `/v1/contacts?filter=id:eq:${mine.id}`);
    expect(list.body.total).toBe(0);
    const still = await as(t, owner)('GET', `/v1/contacts/${mine.id}`);
    expect(still.body.name).toBe('Private');
  });

  it('lets a viewer read but not write, and an agent write', async () => {
    const viewer = await addMember(t, owner, 'viewer');
    const agent = await addMember(t, owner, 'agent');
    const target = await createContact(t, owner, { name: 'Role target' });
    const read = await as(t, viewer)('GET', `/v1/contacts/${target.id}`);
    expect(read.status).toBe(200);
    expect((await as(t, viewer)('GET', '/v1/contacts')).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/v1/contacts', { name: 'nope' }],
      ['PATCH', `/v1/contacts/${target.id}`, { name: 'nope' }],
      ['DELETE', `/v1/contacts/${target.id}`, undefined],
    ] as const) {
      const res = await as(t, viewer)(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.code).toBe('permission_denied');
    }
    const byAgent = await as(t, agent)('PATCH', `/v1/contacts/${target.id}`, { name: 'Agent was here' });
    expect(byAgent.status).toBe(200);
  });

  it('refuses requests without credentials', async () => {
    expect((await t.request('GET', '/v1/contacts')).status).toBe(401);
    expect((await t.request('POST', '/v1/contacts', { body: { name: 'x' } })).status).toBe(401);
  });
});
