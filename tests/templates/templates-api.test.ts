import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createApiKey,
  createContact,
  createTemplate,
  type Session,
  signUp,
} from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
let owner: Session;
let other: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Acme Clinic' });
  other = await signUp(t, { accountName: 'Other Co' });
});
afterAll(() => t.close());

const as = (session: Session) => (method: string, path: string, body?: unknown) =>
  t.request(method, path, { token: session.token, accountId: session.accountId, body });

const paths = (res: { body: any }) => (res.body.errors ?? []).map((e: { path: string }) => e.path);

describe('templates CRUD', () => {
  it('creates, reads, lists, updates and deletes a template', async () => {
    const call = as(owner);
    const created = await call('POST', '/v1/templates', {
      name: 'Reminder',
      message_body: 'Hi {first_name}{{#if CITY}} in {city}{{/if}}, code {{Code}}.',
      subject: 'For {first_name} at {ACCOUNT_NAME}',
      category: 'utility',
      channel_type: 'sms',
      language: 'en',
      default_values: { first_name: 'there' },
      fallback_strategy: 'use_default',
      variables: ['IGNORED'],
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Reminder',
      category: 'utility',
      channel_type: 'sms',
      language: 'en',
      variables: ['FIRST_NAME', 'CITY', 'CODE', 'ACCOUNT_NAME'],
      default_values: { FIRST_NAME: 'there' },
      fallback_strategy: 'use_default',
      approval_status: 'not_required',
      external_template_id: null,
      created_by_user_id: owner.userId,
    });
    const id = created.body.id;
    expect((await call('GET', `/v1/templates/${id}`)).body).toEqual(created.body);

    const updated = await call('PATCH', `/v1/templates/${id}`, {
      message_body: 'Bye {LAST_NAME}',
      subject: null,
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({
      message_body: 'Bye {LAST_NAME}',
      subject: null,
      variables: ['LAST_NAME'],
    });
    expect(updated.body.name).toBe('Reminder');

    const list = await call(
      'GET',
      '/v1/templates?filter=name:eq:Reminder&filter=fallback_strategy:eq:use_default',
    );
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, page_size: 20, items: [{ id }] });
    expect((await call('GET', '/v1/templates?filter=channel_type:eq:fax')).status).toBe(400);

    expect((await call('DELETE', `/v1/templates/${id}`)).status).toBe(204);
    expect((await call('GET', `/v1/templates/${id}`)).status).toBe(404);
  });

  it('an API key creates templates with no user as creator', async () => {
    const key = await createApiKey(t, owner, 'admin');
    const res = await t.request('POST', '/v1/templates', {
      token: key,
      body: { name: 'By key', message_body: 'Hello' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      created_by_user_id: null,
      variables: [],
      fallback_strategy: 'keep_placeholder',
    });
  });

  it('refuses invalid input with 422 naming the field', async () => {
    const call = as(owner);
    for (const [body, path] of [
      [{ message_body: 'x' }, 'name'],
      [{ name: 'n' }, 'message_body'],
      [{ name: 'n', message_body: '' }, 'message_body'],
      [{ name: 'n', message_body: 'Hi {{#if A}}open' }, 'message_body'],
      [{ name: 'n', message_body: '{{constructor.constructor}}' }, 'message_body'],
      [{ name: 'n', message_body: '{{#with __proto__}}x{{/with}}' }, 'message_body'],
      [{ name: 'n', message_body: '{{> partial}}' }, 'message_body'],
      [{ name: 'n', message_body: 'ok', subject: '{{#if}}' }, 'subject'],
      [{ name: 'n', message_body: 'ok', fallback_strategy: 'guess' }, 'fallback_strategy'],
      [{ name: 'n', message_body: 'ok', channel_type: 'fax' }, 'channel_type'],
      [{ name: 'n', message_body: 'ok', default_values: { 'not a name': 'x' } }, 'default_values'],
    ] as const) {
      const res = await call('POST', '/v1/templates', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(
        paths(res).some((p: string) => p.startsWith(path)),
        `${JSON.stringify(body)} → ${res.text}`,
      ).toBe(true);
    }
    const template = await createTemplate(t, owner, { message_body: 'Hi' });
    const bad = await call('PATCH', `/v1/templates/${template.id}`, { message_body: '{{#each X}}{{/each}}' });
    expect(bad.status).toBe(422);
    expect(paths(bad)).toEqual(['message_body']);
    expect((await call('GET', `/v1/templates/${template.id}`)).body.message_body).toBe('Hi');
  });
});

describe('POST /v1/templates/preview', () => {
  it('renders a body for a contact with values from every source, and measures it', async () => {
    const contact = await createContact(t, owner, {
      first_name: 'Abebe',
      last_name: 'Kebede',
      phone: '+251911234567',
      attributes: { City: 'Adama' },
    });
    const res = await as(owner)('POST', '/v1/templates/preview', {
      message_body: 'Hi {first_name} {LAST_NAME} of {city}: {ACCOUNT_NAME} code {code}. {MISSING}',
      contact_id: contact.id,
      variables: { LAST_NAME: 'K.', Code: 42 },
    });
    expect(res.status, res.text).toBe(200);
    const body = 'Hi Abebe K. of Adama: Acme Clinic code 42. {MISSING}';
    expect(res.body).toEqual({
      body,
      missing_variables: ['MISSING'],
      encoding: 'GSM-7',
      segments: 1,
      characters: body.length,
    });
  });

  it("renders a saved template with its fallback and defaults, and the account's time zone", async () => {
    const zone = await as(owner)('PATCH', `/v1/accounts/${owner.accountId}`, {
      timezone: 'Africa/Addis_Ababa',
    });
    expect(zone.status, zone.text).toBe(200);
    const template = await createTemplate(t, owner, {
      message_body: 'Selam {first_name}! ሰላም {DATE}',
      fallback_strategy: 'use_default',
      default_values: { FIRST_NAME: 'friend' },
    });
    const today = () =>
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Addis_Ababa' }).format(new Date());
    const before = today();
    const res = await as(owner)('POST', '/v1/templates/preview', { template_id: template.id });
    expect(res.status, res.text).toBe(200);
    // Read before and after, so a run across midnight in Addis Ababa still passes.
    expect([`Selam friend! ሰላም ${before}`, `Selam friend! ሰላም ${today()}`]).toContain(res.body.body);
    expect(res.body).toMatchObject({
      missing_variables: ['FIRST_NAME'],
      encoding: 'UCS-2',
      segments: 1,
    });
  });

  it('escapes values only for email', async () => {
    const call = as(owner);
    const message = { message_body: '<p>{X}</p>', variables: { X: '<b>&</b>' } };
    expect(
      (await call('POST', '/v1/templates/preview', { ...message, channel_type: 'email' })).body.body,
    ).toBe('<p>&lt;b&gt;&amp;&lt;/b&gt;</p>');
    expect((await call('POST', '/v1/templates/preview', message)).body.body).toBe('<p><b>&</b></p>');
  });

  it('counts segments of long texts', async () => {
    const res = await as(owner)('POST', '/v1/templates/preview', {
      message_body: `{A}${'€'.repeat(80)}`,
      variables: { A: 'x' },
    });
    expect(res.body).toMatchObject({ encoding: 'GSM-7', segments: 2, characters: 81 });
  });

  it('needs exactly one of message_body and template_id, and a valid body (422)', async () => {
    const call = as(owner);
    const neither = await call('POST', '/v1/templates/preview', { variables: {} });
    expect(neither.status).toBe(422);
    expect(paths(neither)).toEqual(['message_body']);
    const both = await call('POST', '/v1/templates/preview', {
      message_body: 'x',
      template_id: randomUUID(),
    });
    expect(both.status).toBe(422);
    expect(paths(both)).toEqual(['template_id']);
    const malformed = await call('POST', '/v1/templates/preview', { message_body: '{{#if A}}' });
    expect(malformed.status).toBe(422);
    expect(paths(malformed)).toEqual(['message_body']);
  });

  it("answers 404 for another account's template or contact, and for unknown ids", async () => {
    const theirs = await createTemplate(t, other, { message_body: 'Secret {X}' });
    const theirContact = await createContact(t, other, { first_name: 'Hidden', phone: '+251911000001' });
    const call = as(owner);
    for (const body of [
      { template_id: theirs.id },
      { template_id: randomUUID() },
      { message_body: 'Hi {first_name}', contact_id: theirContact.id },
      { message_body: 'Hi', contact_id: randomUUID() },
    ]) {
      const res = await call('POST', '/v1/templates/preview', body);
      expect(res.status, JSON.stringify(body)).toBe(404);
      expect(res.text).not.toContain('Hidden');
      expect(res.text).not.toContain('Secret');
    }
  });
});

describe('templates security', () => {
  it("answers 404 for another account's template on every route", async () => {
    const theirs = await createTemplate(t, other, { message_body: 'Secret' });
    const call = as(owner);
    expect((await call('GET', `/v1/templates/${theirs.id}`)).status).toBe(404);
    expect((await call('PATCH', `/v1/templates/${theirs.id}`, { name: 'mine' })).status).toBe(404);
    expect((await call('DELETE', `/v1/templates/${theirs.id}`)).status).toBe(404);
    const list = await call('GET', '/v1/templates');
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(theirs.id);
    expect((await as(other)('GET', `/v1/templates/${theirs.id}`)).body.name).toBe('Template');
  });

  it('lets a viewer read and preview but not write (403)', async () => {
    const viewer = await addMember(t, owner, 'viewer');
    const template = await createTemplate(t, owner, { message_body: 'Hi {X}' });
    const call = as(viewer);
    expect((await call('GET', '/v1/templates')).status).toBe(200);
    expect((await call('GET', `/v1/templates/${template.id}`)).status).toBe(200);
    expect((await call('POST', '/v1/templates/preview', { template_id: template.id })).status).toBe(200);
    expect((await call('POST', '/v1/templates', { name: 'n', message_body: 'x' })).status).toBe(403);
    expect((await call('PATCH', `/v1/templates/${template.id}`, { name: 'n' })).status).toBe(403);
    expect((await call('DELETE', `/v1/templates/${template.id}`)).status).toBe(403);
  });

  it('needs credentials (401)', async () => {
    expect((await t.request('GET', '/v1/templates')).status).toBe(401);
    expect((await t.request('POST', '/v1/templates/preview', { body: { message_body: 'x' } })).status).toBe(
      401,
    );
  });
});
