import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_STARTERS, type RunningWorker } from '../../workers/index.js';
import { addMember, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { findContacts, importCsv, uploadCsv, uploadMultipart, waitForImport } from './helpers.js';

let t: TestContext;
let worker: RunningWorker;
let owner: Session;

beforeAll(async () => {
  t = await setupTestApp();
  worker = await ROLE_STARTERS['contact-import'](t.runtime);
  owner = await signUp(t);
  const account = await t.request('PATCH', `/v1/accounts/${owner.accountId}`, {
    token: owner.token,
    body: { default_country_code: 'ET' },
  });
  expect(account.status, account.text).toBe(200);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

// BOM, CRLF, a header in mixed case with spaces, a quoted cell holding a comma and one holding a
// line break, extra columns, a blank row, and rows that import, update, fail and collide.
const MESSY_CSV = [
  '\uFEFF Name ,Phone,EMAIL,Tags,Groups,City,Plan Level',
  'Abebe Kebede,+251911234567,abebe@example.com,vip;new,Customers;VIP,Addis Ababa,gold',
  '"Doe, Jane",0911234568,,,customers,"Line one\r\nline two",silver',
  'Bad Phone,12345,,,,,',
  'No Contact,,,,,Nowhere,',
  'Abebe K.,+251 91 123 4567,,loyal,,,platinum',
  'Existing Person,,EXISTING@example.com,,VIP,,',
  ',,,,,,',
  'Ragged,+251911234569',
  '',
].join('\r\n');

describe('POST /v1/contacts/import', () => {
  it('imports a messy CSV with exact counts, row errors, attributes, tags and groups', async () => {
    const existing = await t.request('POST', '/v1/contacts', {
      token: owner.token,
      accountId: owner.accountId,
      body: { name: 'Old Name', email: 'existing@example.com', tags: ['old'] },
    });
    expect(existing.status, existing.text).toBe(201);

    const accepted = await uploadCsv(t, owner, MESSY_CSV);
    expect(accepted.status, accepted.text).toBe(202);
    expect(accepted.body).toEqual({ id: expect.any(String), status: 'queued' });
    expect(accepted.headers.get('location')).toBe(`/v1/contact-imports/${accepted.body.id}`);

    const done = await waitForImport(t, owner, accepted.body.id);
    expect(done).toMatchObject({
      id: accepted.body.id,
      status: 'completed',
      total_rows: 7,
      imported: 2,
      updated: 2,
      failed: 3,
      error_message: null,
      errors: [
        { row: 3, message: 'phone is not a valid phone number' },
        { row: 4, message: 'has neither a phone nor an email' },
        { row: 8, message: 'has 2 fields; the header has 7' },
      ],
    });
    expect(done.started_at).toEqual(expect.any(String));
    expect(done.completed_at).toEqual(expect.any(String));

    // Row 5 repeats row 1's number in another format: it updates the contact row 1 created.
    const [abebe, ...others] = await findContacts(t, owner, 'phone:eq:+251911234567');
    expect(others).toEqual([]);
    expect(abebe).toMatchObject({
      name: 'Abebe K.',
      email: 'abebe@example.com',
      tags: ['vip', 'new', 'loyal'],
      attributes: { city: 'Addis Ababa', plan_level: 'platinum' },
    });

    // A national number read in the account's default country; the quoted cells kept intact.
    const [jane] = await findContacts(t, owner, 'phone:eq:+251911234568');
    expect(jane).toMatchObject({
      name: 'Doe, Jane',
      email: null,
      attributes: { city: 'Line one\r\nline two', plan_level: 'silver' },
    });

    // Matched by email case-insensitively: updated, keeping its stored spelling and tags.
    const [updated] = await findContacts(t, owner, 'email:eq:existing@example.com');
    expect(updated).toMatchObject({
      id: existing.body.id,
      name: 'Existing Person',
      email: 'existing@example.com',
      phone: null,
      tags: ['old'],
    });

    const all = await t.request('GET', '/v1/contacts', { token: owner.token, accountId: owner.accountId });
    expect(all.body.total).toBe(3);

    // "Customers" and "customers" are one group, created once with the first spelling.
    const groups = await t.request('GET', '/v1/contact-groups?sort=name:asc', {
      token: owner.token,
      accountId: owner.accountId,
    });
    expect(groups.status, groups.text).toBe(200);
    expect(groups.body.items.map((g: any) => [g.name, g.contact_count])).toEqual([
      ['Customers', 2],
      ['VIP', 2],
    ]);
    const vip = groups.body.items.find((g: any) => g.name === 'VIP');
    const vipMembers = await findContacts(t, owner, `group_id:eq:${vip.id}`);
    expect(vipMembers.map((c) => c.id).sort()).toEqual([abebe.id, existing.body.id].sort());
  });

  it('moves phones between contacts within one file, and refuses an email held by another contact', async () => {
    const created: Record<string, string> = {};
    for (const [phone, email] of [
      ['+251911555001', 'a@example.com'],
      ['+251911555003', 'c@example.com'],
    ]) {
      const res = await t.request('POST', '/v1/contacts', {
        token: owner.token,
        accountId: owner.accountId,
        body: { phone, email },
      });
      expect(res.status, res.text).toBe(201);
      created[email!] = res.body.id;
    }
    const done = await importCsv(
      t,
      owner,
      [
        'phone,email',
        // C unchanged; this row only makes C the first contact the batch writes.
        '+251911555003,c@example.com',
        // Found by email: A takes a new phone and frees 555001...
        '+251911555002,a@example.com',
        // ...which C, found by email, takes in the same batch (written before A), freeing 555003...
        '+251911555001,c@example.com',
        // ...which a new contact takes.
        '+251911555003,b@example.com',
        // Found by phone (A), but the email is the new contact's: refused, nothing changes.
        '+251911555002,b@example.com',
        '',
      ].join('\n'),
    );
    expect(done).toMatchObject({
      status: 'completed',
      total_rows: 5,
      imported: 1,
      updated: 3,
      failed: 1,
      errors: [{ row: 5, message: 'email is used by another contact than the one with this phone' }],
    });
    const phoneOf = async (email: string) => (await findContacts(t, owner, `email:eq:${email}`))[0];
    expect(await phoneOf('a@example.com')).toMatchObject({
      id: created['a@example.com'],
      phone: '+251911555002',
    });
    expect(await phoneOf('c@example.com')).toMatchObject({
      id: created['c@example.com'],
      phone: '+251911555001',
    });
    expect(await phoneOf('b@example.com')).toMatchObject({ phone: '+251911555003' });
  });

  it('accepts the file part of a multipart/form-data upload', async () => {
    const csv = 'phone,email,first_name\n+251911000001,multi@example.com,Multi\n';
    const res = await uploadMultipart(t, owner, csv, 'weekly.csv');
    expect(res.status, res.text).toBe(202);
    const done = await waitForImport(t, owner, res.body.id);
    expect(done).toMatchObject({ status: 'completed', filename: 'weekly.csv', total_rows: 1, imported: 1 });
    const [contact] = await findContacts(t, owner, 'email:eq:multi@example.com');
    expect(contact).toMatchObject({ phone: '+251911000001', first_name: 'Multi' });
  });

  it('answers 422 to a multipart body without a file part', async () => {
    const boundary = 'b0undary';
    const res = await t.request('POST', '/v1/contacts/import', {
      token: owner.token,
      accountId: owner.accountId,
      rawBody: `--${boundary}\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.status, res.text).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'file', message: 'is required' }]);
  });

  it('answers 422 to an empty or blank file and stores nothing', async () => {
    for (const csv of ['', ' \r\n\r\n']) {
      const res = await uploadCsv(t, owner, csv);
      expect(res.status, res.text).toBe(422);
      expect(res.body.code).toBe('empty_file');
    }
    const empty = await uploadMultipart(t, owner, '');
    expect(empty.status, empty.text).toBe(422);
  });

  it('answers 415 to a body that is not CSV', async () => {
    const res = await t.request('POST', '/v1/contacts/import', {
      token: owner.token,
      accountId: owner.accountId,
      body: { phone: '+251911234567' },
    });
    expect(res.status, res.text).toBe(415);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('unsupported_media_type');
  });

  it('answers 413 when the declared length is over the limit, before reading the body', async () => {
    const res = await t.request('POST', '/v1/contacts/import', {
      token: owner.token,
      accountId: owner.accountId,
      rawBody: 'phone\n+251911234567\n',
      headers: { 'content-type': 'text/csv', 'content-length': String(201 * 1024 * 1024) },
    });
    expect(res.status, res.text).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('accepts bodies larger than the 1 MB JSON limit, across stored chunks', async () => {
    // Multi-byte characters throughout, so some are cut in two where the 1 MB chunks split.
    const filler = 'Zoë—ሰላም '.repeat(20);
    const phone = (i: number) => `+2519110${String(10000 + i).padStart(5, '0')}`;
    const lines = ['phone,note'];
    for (let i = 0; i < 6000; i++) lines.push(`${phone(i)},${filler}${i}`);
    const done = await importCsv(t, owner, `${lines.join('\n')}\n`);
    expect(done.bytes).toBeGreaterThan(2 * 1024 * 1024);
    expect(done).toMatchObject({ status: 'completed', total_rows: 6000, imported: 6000, failed: 0 });
    for (const i of [0, 2999, 5999]) {
      const [contact] = await findContacts(t, owner, `phone:eq:${phone(i)}`);
      expect(contact.attributes).toEqual({ note: `${filler}${i}` });
    }
  });

  it('fails an unreadable file with a reason, keeping the rows before the broken spot', async () => {
    const noKey = await importCsv(t, owner, 'name,city\nAda,Paris\n');
    expect(noKey).toMatchObject({
      status: 'failed',
      total_rows: 0,
      error_message: 'The header has neither a "phone" nor an "email" column',
    });
    const broken = await importCsv(
      t,
      owner,
      'email\nfirst@example.com\n"second@example.com\nthird@example.com\n',
    );
    expect(broken).toMatchObject({ status: 'failed', total_rows: 1, imported: 1 });
    expect(broken.error_message).toMatch(/^The file is not readable CSV: Quote Not Closed/);
  });
});

describe('GET /v1/contact-imports', () => {
  it('lists the account imports newest first, without row errors', async () => {
    const res = await t.request('GET', '/v1/contact-imports?filter=status:eq:completed', {
      token: owner.token,
      accountId: owner.accountId,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.total).toBeGreaterThanOrEqual(3);
    expect(res.body.items.every((i: any) => i.status === 'completed' && !('errors' in i))).toBe(true);
    const created = res.body.items.map((i: any) => i.created_at);
    expect(created).toEqual([...created].sort().reverse());
  });
});

describe('import security', () => {
  it('requires credentials', async () => {
    const res = await t.request('POST', '/v1/contacts/import', {
      rawBody: 'phone\n+251911234567\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(401);
  });

  it('answers 404 for another account import, and lists none of them', async () => {
    const accepted = await uploadCsv(t, owner, 'phone\n+251911777777\n');
    expect(accepted.status).toBe(202);
    const stranger = await signUp(t, { accountName: 'Stranger' });
    const res = await t.request('GET', `/v1/contact-imports/${accepted.body.id}`, {
      token: stranger.token,
      accountId: stranger.accountId,
    });
    expect(res.status, res.text).toBe(404);
    const list = await t.request('GET', '/v1/contact-imports', {
      token: stranger.token,
      accountId: stranger.accountId,
    });
    expect(list.body).toMatchObject({ items: [], total: 0 });
    await waitForImport(t, owner, accepted.body.id);
  });

  it('lets a viewer read imports but not upload one (403)', async () => {
    const viewer = await addMember(t, owner, 'viewer');
    const denied = await uploadCsv(t, viewer, 'phone\n+251911888888\n');
    expect(denied.status, denied.text).toBe(403);
    const list = await t.request('GET', '/v1/contact-imports', {
      token: viewer.token,
      accountId: viewer.accountId,
    });
    expect(list.status, list.text).toBe(200);
    expect(await findContacts(t, owner, 'phone:eq:+251911888888')).toEqual([]);
  });
});
