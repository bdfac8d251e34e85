import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createContact,
  createSandboxChannel,
  createTemplate,
  type Session,
  signUp,
} from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
let owner: Session;
let other: Session;
let channelId: string;
let sql: pg.Client;

const as = (s: Session) => ({ token: s.token, accountId: s.accountId });

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Sender Co' });
  other = await signUp(t, { accountName: 'Other Co' });
  await t.request('PATCH', `/v1/accounts/${owner.accountId}`, {
    ...as(owner),
    body: { default_country_code: 'ET' },
  });
  channelId = await createSandboxChannel(t, owner);
  sql = new pg.Client({ connectionString: t.databaseUrl });
  await sql.connect();
});
afterAll(async () => {
  await sql.end();
  await t.close();
});

const send = (body: Record<string, unknown>, session = owner, headers: Record<string, string> = {}) =>
  t.request('POST', '/v1/messages', { ...as(session), body, headers });

describe('POST /v1/messages', () => {
  it('queues a message to an explicit address, normalizing a national number with the account country', async () => {
    const res = await send({
      channel_id: channelId,
      delivery_address: '0911 234 567',
      message_body: 'Hello {NAME}',
    });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({
      status: 'queued',
      direction: 'outbound',
      delivery_address: '+251911234567',
      message_body: 'Hello {NAME}',
      segments: 1,
      attempts: 0,
      channel_id: channelId,
      contact_id: null,
    });
    const events = await sql.query('SELECT event_type FROM outbox_events WHERE aggregate_id = $1', [
      res.body.id,
    ]);
    expect(events.rows.map((r) => r.event_type)).toEqual(['message.created']);
  });

  it('renders a template for a contact, in the documented value order', async () => {
    const contact = await createContact(t, owner, {
      first_name: 'Abebe',
      phone: '+251922000111',
      attributes: { order_id: 'A-17' },
    });
    const template = await createTemplate(t, owner, {
      message_body: 'Hi {FIRST_NAME}, order {ORDER_ID} from {ACCOUNT_NAME}. {CODE}',
    });
    const res = await send({
      channel_id: channelId,
      contact_id: contact.id,
      template_id: template.id,
      variables: { code: 'X9' },
    });
    expect(res.status, res.text).toBe(202);
    expect(res.body.message_body).toBe('Hi Abebe, order A-17 from Sender Co. X9');
    expect(res.body.delivery_address).toBe('+251922000111');
    expect(res.body.contact_id).toBe(contact.id);
  });

  it('marks a skip_contact template with a missing variable as skipped', async () => {
    const template = await createTemplate(t, owner, {
      message_body: 'Your code {PIN}',
      fallback_strategy: 'skip_contact',
    });
    const res = await send({
      channel_id: channelId,
      delivery_address: '+251911000222',
      template_id: template.id,
    });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('skipped');
    expect(res.body.error_details).toMatchObject({ missing_variables: ['PIN'] });
  });

  it('schedules a message with a future scheduled_at', async () => {
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const res = await send({
      channel_id: channelId,
      delivery_address: '+251911000333',
      message_body: 'Later',
      scheduled_at: at,
    });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('scheduled');
    expect(res.body.scheduled_at).toBe(at);
  });

  it('counts GSM-7 and UCS-2 segments', async () => {
    const long = await send({
      channel_id: channelId,
      delivery_address: '+251911000444',
      message_body: 'a'.repeat(161),
    });
    expect(long.body.segments).toBe(2);
    const unicode = await send({
      channel_id: channelId,
      delivery_address: '+251911000444',
      message_body: 'ሰላም'.repeat(24),
    });
    expect(unicode.body.segments).toBe(2);
  });

  it.each([
    [{ message_body: 'x' }, 'contact_id'],
    [
      {
        delivery_address: '+251911000555',
        message_body: 'x',
        template_id: '00000000-0000-4000-8000-000000000000',
      },
      'message_body',
    ],
    [{ delivery_address: '+251911000555' }, 'message_body'],
    [{ delivery_address: '12', message_body: 'x' }, 'delivery_address'],
    [{ delivery_address: '+251911000555', message_body: 'x', variables: { 'bad name': 'v' } }, 'variables'],
  ])('rejects %j with 422 at the field', async (body, path) => {
    const res = await send({ channel_id: channelId, ...body });
    expect(res.status, res.text).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path.split('.')[0])).toContain(path);
  });

  it('refuses a channel, contact or template of another account as unknown (422), revealing nothing', async () => {
    const foreignChannel = await createSandboxChannel(t, other);
    const res = await send({
      channel_id: foreignChannel,
      delivery_address: '+251911000666',
      message_body: 'x',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('channel_id');
    const foreignContact = await createContact(t, other, { phone: '+251911000667' });
    const byContact = await send({ channel_id: channelId, contact_id: foreignContact.id, message_body: 'x' });
    expect(byContact.status).toBe(422);
    expect(byContact.body.errors[0].path).toBe('contact_id');
  });

  it('refuses a disabled channel and a contact without an address for the channel type', async () => {
    const disabled = await createSandboxChannel(t, owner, {}, { is_enabled: false });
    const res = await send({ channel_id: disabled, delivery_address: '+251911000777', message_body: 'x' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('channel_disabled');
    const emailOnly = await createContact(t, owner, { email: 'nophone@example.com' });
    const noAddress = await send({ channel_id: channelId, contact_id: emailOnly.id, message_body: 'x' });
    expect(noAddress.status).toBe(422);
    expect(noAddress.body.code).toBe('contact_has_no_address');
  });

  it('answers malformed JSON with 400 and wrong types with 422', async () => {
    const malformed = await t.request('POST', '/v1/messages', { ...as(owner), rawBody: '{"channel_id":' });
    expect(malformed.status).toBe(400);
    const wrongType = await send({ channel_id: 42, delivery_address: true, message_body: [] });
    expect(wrongType.status).toBe(422);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body and creates nothing new', async () => {
    const body = { channel_id: channelId, delivery_address: '+251911001000', message_body: 'Once' };
    const first = await send(body, owner, { 'idempotency-key': 'order-1' });
    const second = await send({ ...body }, owner, { 'idempotency-key': 'order-1' });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const list = await t.request('GET', '/v1/messages?filter=delivery_address:eq:%2B251911001000', as(owner));
    expect(list.body.total).toBe(1);
  });

  it('answers 409 for the same key with another body', async () => {
    const body = { channel_id: channelId, delivery_address: '+251911001001', message_body: 'A' };
    await send(body, owner, { 'idempotency-key': 'order-2' });
    const res = await send({ ...body, message_body: 'B' }, owner, { 'idempotency-key': 'order-2' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('idempotency_key_reused');
  });

  it('creates exactly one message under concurrent duplicates', async () => {
    const body = { channel_id: channelId, delivery_address: '+251911001002', message_body: 'Race' };
    const results = await Promise.all(
      Array.from({ length: 6 }, () => send(body, owner, { 'idempotency-key': 'order-3' })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(202));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  });

  it('keeps keys per account', async () => {
    const otherChannel = await createSandboxChannel(t, other);
    const mine = await send(
      { channel_id: channelId, delivery_address: '+251911001003', message_body: 'x' },
      owner,
      {
        'idempotency-key': 'shared-key',
      },
    );
    const theirs = await send(
      { channel_id: otherChannel, delivery_address: '+251911001003', message_body: 'x' },
      other,
      {
        'idempotency-key': 'shared-key',
      },
    );
    expect(theirs.status).toBe(202);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });
});

describe('message lifecycle operations', () => {
  const queued = async () =>
    (await send({ channel_id: channelId, delivery_address: '+251911002000', message_body: 'Cancel me' }))
      .body;

  it('cancels a queued message once, then answers 409', async () => {
    const message = await queued();
    const res = await t.request('PATCH', `/v1/messages/${message.id}`, {
      ...as(owner),
      body: { status: 'cancelled' },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    const again = await t.request('PATCH', `/v1/messages/${message.id}`, {
      ...as(owner),
      body: { status: 'cancelled' },
    });
    expect(again.status).toBe(409);
  });

  it('replaces metadata and refuses other status values', async () => {
    const message = await queued();
    const res = await t.request('PATCH', `/v1/messages/${message.id}`, {
      ...as(owner),
      body: { metadata: { ref: 7 } },
    });
    expect(res.body.metadata).toEqual({ ref: 7 });
    const bad = await t.request('PATCH', `/v1/messages/${message.id}`, {
      ...as(owner),
      body: { status: 'sent' },
    });
    expect(bad.status).toBe(422);
  });

  it('retries only permanently failed messages', async () => {
    const message = await queued();
    const early = await t.request('POST', `/v1/messages/${message.id}/retry`, as(owner));
    expect(early.status).toBe(409);
    await sql.query("UPDATE messages SET status = 'permanently_failed', failed_at = now() WHERE id = $1", [
      message.id,
    ]);
    const res = await t.request('POST', `/v1/messages/${message.id}/retry`, as(owner));
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('queued');
    expect(res.body.failed_at).toBeNull();
  });

  it('retrying a failed broadcast message reopens its broadcast and moves it back to pending', async () => {
    const { rows } = await sql.query(
      `INSERT INTO group_messages (account_id, name, channel_id, status, total_recipients, failed_count, completed_at, fanout_completed_at)
       VALUES ($1, 'Done', $2, 'failed', 1, 1, now(), now()) RETURNING id`,
      [owner.accountId, channelId],
    );
    const groupId = rows[0].id;
    const message = await sql.query(
      `INSERT INTO messages (account_id, channel_id, group_message_id, status, delivery_address, message_body, failed_at)
       VALUES ($1, $2, $3, 'permanently_failed', '+251911004000', 'x', now()) RETURNING id`,
      [owner.accountId, channelId, groupId],
    );
    const res = await t.request('POST', `/v1/messages/${message.rows[0].id}/retry`, as(owner));
    expect(res.status, res.text).toBe(202);
    const group = await t.request('GET', `/v1/group-messages/${groupId}`, as(owner));
    expect(group.body).toMatchObject({
      status: 'processing',
      failed_count: 0,
      pending_count: 1,
      completed_at: null,
    });
  });

  it('deletes only finished messages', async () => {
    const message = await queued();
    expect((await t.request('DELETE', `/v1/messages/${message.id}`, as(owner))).status).toBe(409);
    await t.request('PATCH', `/v1/messages/${message.id}`, { ...as(owner), body: { status: 'cancelled' } });
    expect((await t.request('DELETE', `/v1/messages/${message.id}`, as(owner))).status).toBe(204);
    expect((await t.request('GET', `/v1/messages/${message.id}`, as(owner))).status).toBe(404);
  });

  it('filters the list by status and sorts it', async () => {
    const res = await t.request(
      'GET',
      '/v1/messages?filter=status:eq:cancelled&sort=created_at:asc',
      as(owner),
    );
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((m: { status: string }) => m.status === 'cancelled')).toBe(true);
    const bad = await t.request('GET', '/v1/messages?filter=status:eq:lost', as(owner));
    expect(bad.status).toBe(400);
  });
});

describe('message security', () => {
  it("answers 404 for another account's message on every route", async () => {
    const message = (
      await send({ channel_id: channelId, delivery_address: '+251911003000', message_body: 'Mine' })
    ).body;
    const calls: [string, string, unknown?][] = [
      ['GET', `/v1/messages/${message.id}`],
      ['PATCH', `/v1/messages/${message.id}`, { status: 'cancelled' }],
      ['DELETE', `/v1/messages/${message.id}`],
      ['POST', `/v1/messages/${message.id}/retry`],
    ];
    for (const [method, path, body] of calls) {
      const res = await t.request(method, path, { ...as(other), body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.text).not.toContain('Mine');
    }
    const list = await t.request('GET', '/v1/messages', as(other));
    expect(list.body.items.find((m: { id: string }) => m.id === message.id)).toBeUndefined();
  });

  it('lets an agent send and refuses a viewer (403), and unauthenticated callers (401)', async () => {
    const agent = await addMember(t, owner, 'agent');
    const viewer = await addMember(t, owner, 'viewer');
    const body = { channel_id: channelId, delivery_address: '+251911003001', message_body: 'x' };
    expect((await send(body, agent)).status).toBe(202);
    const denied = await send(body, viewer);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('permission_denied');
    expect((await t.request('GET', '/v1/messages', as(viewer))).status).toBe(200);
    expect((await t.request('POST', '/v1/messages', { body })).status).toBe(401);
  });
});
