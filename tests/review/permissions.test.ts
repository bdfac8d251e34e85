import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
let owner: Session;
let contactId: string;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Perm Co' });
  contactId = (
    await createContact(t, owner, { name: 'Ada', phone: '+251911234567', email: 'ada@example.org' })
  ).id;
});
afterAll(() => t.close());

const as = (token: string, extra: Record<string, unknown> = {}) => ({
  token,
  accountId: owner.accountId,
  ...extra,
});

/** An API key of a new role holding exactly `permissions`. */
async function keyWith(name: string, permissions: string[]): Promise<string> {
  const role = await t.request('POST', '/v1/roles', as(owner.token, { body: { name, permissions } }));
  expect(role.status, role.text).toBe(201);
  const key = await t.request(
    'POST',
    '/v1/api-keys',
    as(owner.token, { body: { name, role_id: role.body.id } }),
  );
  expect(key.status, key.text).toBe(201);
  return key.body.key;
}

describe('POST /v1/templates/preview with a contact', () => {
  const body = () => ({ message_body: '{NAME} {PHONE} {EMAIL}', contact_id: contactId });

  it('needs contacts:read as well: templates:read alone must not read contacts (403)', async () => {
    const key = await keyWith('template-reader', ['templates:read']);
    const contacts = await t.request('GET', `/v1/contacts/${contactId}`, as(key));
    expect(contacts.status, contacts.text).toBe(403);
    const res = await t.request('POST', '/v1/templates/preview', as(key, { body: body() }));
    expect(res.status, res.text).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('permission_denied');
    expect(res.text).not.toContain('+251911234567');
    expect(res.text).not.toContain('ada@example.org');
  });

  it('still previews without a contact for templates:read', async () => {
    const key = await keyWith('template-reader-2', ['templates:read']);
    const res = await t.request(
      'POST',
      '/v1/templates/preview',
      as(key, { body: { message_body: 'Hi {NAME}' } }),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.body).toBe('Hi {NAME}');
  });

  it('renders the contact for a role with templates:read and contacts:read', async () => {
    const key = await keyWith('template-and-contacts', ['templates:read', 'contacts:read']);
    const res = await t.request('POST', '/v1/templates/preview', as(key, { body: body() }));
    expect(res.status, res.text).toBe(200);
    expect(res.body.body).toBe('Ada +251911234567 ada@example.org');
  });
});
