import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createContact, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

const as = (s: Session) => ({ token: s.token, accountId: s.accountId });

let t: TestContext;
let owner: Session;
let other: Session;
let viewer: Session;

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  other = await signUp(t, { accountName: 'Other' });
  viewer = await addMember(t, owner, 'viewer');
  const account = await t.request('PATCH', `/v1/accounts/${owner.accountId}`, {
    ...as(owner),
    body: { default_country_code: 'ET' },
  });
  expect(account.status, account.text).toBe(200);
});
afterAll(() => t.close());

const optOut = (s: Session, body: Record<string, unknown>) =>
  t.request('POST', '/v1/opt-outs', { ...as(s), body });

describe('the opt-out registry', () => {
  it('records an address in its canonical form, linked to the contact that has it', async () => {
    const contact = await createContact(t, owner, { first_name: 'Abebe', phone: '+251911000301' });
    const res = await optOut(owner, {
      channel_type: 'sms',
      address: '0911 000 301',
      reason: 'asked by phone',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      channel_type: 'sms',
      address: '+251911000301',
      contact_id: contact.id,
      source: 'api',
      reason: 'asked by phone',
    });
    const email = await optOut(owner, { channel_type: 'email', address: 'Someone@Example.COM' });
    expect(email.body).toMatchObject({ address: 'someone@example.com', contact_id: null });
  });

  it('refuses an address that is not one (422) and a second opt-out of the same address (409)', async () => {
    const bad = await optOut(owner, { channel_type: 'sms', address: 'not a number' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('address');
    await optOut(owner, { channel_type: 'telegram', address: '123456789' });
    const again = await optOut(owner, { channel_type: 'telegram', address: '123456789' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_opted_out');
    // The same address on another channel type is another opt-out.
    expect((await optOut(owner, { channel_type: 'whatsapp', address: '+251911000301' })).status).toBe(201);
  });

  it('lists and filters, and keeps each account to its own', async () => {
    const list = await t.request('GET', '/v1/opt-outs?filter=channel_type:eq:sms', as(owner));
    expect(list.status).toBe(200);
    expect(list.body.items.map((o: { address: string }) => o.address)).toEqual(['+251911000301']);
    const theirs = await t.request('GET', '/v1/opt-outs', as(other));
    expect(theirs.body).toMatchObject({ total: 0, items: [] });
    const id = list.body.items[0].id;
    expect((await t.request('DELETE', `/v1/opt-outs/${id}`, as(other))).status).toBe(404);
  });

  it('lets a viewer read but not write', async () => {
    expect((await t.request('GET', '/v1/opt-outs', as(viewer))).status).toBe(200);
    expect((await optOut(viewer, { channel_type: 'sms', address: '+251911000302' })).status).toBe(403);
    const csv = 'channel_type,address\nsms,+251911000303\n';
    const imported = await t.request('POST', '/v1/opt-outs/import', {
      ...as(viewer),
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(403);
  });

  it('round-trips an export through an import', async () => {
    await optOut(owner, {
      channel_type: 'sms',
      address: '+251911000304',
      reason: '=HYPERLINK("x"), "quoted"',
    });
    const exported = await t.request('GET', '/v1/opt-outs/export', as(owner));
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = exported.text.trim().split(/\r\n/);
    expect(lines[0]).toBe('channel_type,address,source,reason,contact_id,created_at');
    // Free text never starts a spreadsheet formula.
    expect(exported.text).toContain(`"'=HYPERLINK(""x""), ""quoted"""`);
    const before = (await t.request('GET', '/v1/opt-outs?page_size=100', as(owner))).body.items;

    for (const o of before) await t.request('DELETE', `/v1/opt-outs/${o.id}`, as(owner));
    expect((await t.request('GET', '/v1/opt-outs', as(owner))).body.total).toBe(0);
    const imported = await t.request('POST', '/v1/opt-outs/import', {
      ...as(owner),
      rawBody: exported.text,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body).toMatchObject({ rows: before.length, imported: before.length, failed: 0 });
    const after = (await t.request('GET', '/v1/opt-outs?page_size=100', as(owner))).body.items;
    const key = (o: { channel_type: string; address: string; reason: string | null }) =>
      `${o.channel_type} ${o.address} ${o.reason}`;
    expect(after.map(key).sort()).toEqual(before.map(key).sort());
    expect(after.every((o: { source: string }) => o.source === 'import')).toBe(true);
  });

  it('reports the rows it cannot read, and counts addresses already opted out', async () => {
    const csv = [
      'channel_type,address,reason',
      'sms,+251911000305,ok',
      'fax,+251911000306,',
      'sms,hello,',
      'sms,+251911000305,twice',
    ].join('\n');
    const res = await t.request('POST', '/v1/opt-outs/import', {
      ...as(owner),
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ rows: 4, imported: 1, already_opted_out: 1, failed: 2 });
    expect(res.body.errors.map((e: { row: number }) => e.row)).toEqual([3, 4]);
    const wrongType = await t.request('POST', '/v1/opt-outs/import', { ...as(owner), body: { csv } });
    expect(wrongType.status).toBe(415);
  });
});
