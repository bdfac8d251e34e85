import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
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
let groupId: string;
let sql: pg.Client;

const as = (s: Session) => ({ token: s.token, accountId: s.accountId });

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t);
  other = await signUp(t);
  channelId = await createSandboxChannel(t, owner);
  const group = await t.request('POST', '/v1/contact-groups', { ...as(owner), body: { name: 'Customers' } });
  groupId = group.body.id;
  sql = new pg.Client({ connectionString: t.databaseUrl });
  await sql.connect();
});
afterAll(async () => {
  await sql.end();
  await t.close();
});

const draft = (body: Record<string, unknown> = {}, session = owner) =>
  t.request('POST', '/v1/group-messages', {
    ...as(session),
    body: {
      name: 'Promo',
      channel_id: channelId,
      message_body: 'Hi {FIRST_NAME}',
      contact_group_ids: [groupId],
      ...body,
    },
  });

describe('creating broadcasts', () => {
  it('creates a draft and a template from message_body, with zeroed counters', async () => {
    const res = await draft();
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      status: 'draft',
      contact_group_ids: [groupId],
      total_recipients: 0,
      sent_count: 0,
      pending_count: 0,
      skip_duplicates: true,
    });
    const template = await t.request('GET', `/v1/templates/${res.body.template_id}`, as(owner));
    expect(template.status).toBe(200);
    expect(template.body.message_body).toBe('Hi {FIRST_NAME}');
    expect(template.body.variables).toEqual(['FIRST_NAME']);
  });

  it('uses an existing template', async () => {
    const template = await createTemplate(t, owner, { message_body: 'Sale on {DATE}' });
    const res = await draft({ message_body: undefined, template_id: template.id });
    expect(res.status, res.text).toBe(201);
    expect(res.body.template_id).toBe(template.id);
  });

  it('writes group_message.created and, when queued, group_message.queued', async () => {
    const res = await draft({ status: 'queued' });
    expect(res.body.status).toBe('queued');
    const events = await sql.query(
      'SELECT event_type FROM outbox_events WHERE aggregate_id = $1 ORDER BY occurred_at',
      [res.body.id],
    );
    expect(events.rows.map((r) => r.event_type).sort()).toEqual([
      'group_message.created',
      'group_message.queued',
    ]);
  });

  it.each([
    [{ contact_group_ids: [] }, 'contact_group_ids'],
    [{ message_body: undefined }, 'message_body'],
    [{ template_id: '00000000-0000-4000-8000-000000000000' }, 'message_body'],
    [{ contact_group_ids: ['00000000-0000-4000-8000-000000000000'] }, 'contact_group_ids'],
    [{ channel_id: 'not-a-uuid' }, 'channel_id'],
    [{ send_rate: 0 }, 'send_rate'],
    [{ status: 'processing' }, 'status'],
  ])('rejects %j with 422 at the field', async (body, path) => {
    const res = await draft(body);
    expect(res.status, res.text).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it("refuses another account's channel or group as unknown", async () => {
    const foreignGroup = await t.request('POST', '/v1/contact-groups', {
      ...as(other),
      body: { name: 'Theirs' },
    });
    const res = await draft({ contact_group_ids: [foreignGroup.body.id] });
    expect(res.status).toBe(422);
    const foreignChannel = await createSandboxChannel(t, other);
    const byChannel = await draft({ channel_id: foreignChannel });
    expect(byChannel.status).toBe(422);
    expect(byChannel.body.errors[0].path).toBe('channel_id');
  });

  it('honours Idempotency-Key', async () => {
    const body = { name: 'Once', channel_id: channelId, message_body: 'x', contact_group_ids: [groupId] };
    const headers = { 'idempotency-key': 'broadcast-1' };
    const first = await t.request('POST', '/v1/group-messages', { ...as(owner), body, headers });
    const second = await t.request('POST', '/v1/group-messages', { ...as(owner), body, headers });
    expect(second.body.id).toBe(first.body.id);
    const conflict = await t.request('POST', '/v1/group-messages', {
      ...as(owner),
      body: { ...body, name: 'Twice' },
      headers,
    });
    expect(conflict.status).toBe(409);
  });
});

describe('draft lifecycle', () => {
  it('edits a draft, starts it, then refuses edits and a second start', async () => {
    const created = (await draft()).body;
    const edited = await t.request('PATCH', `/v1/group-messages/${created.id}`, {
      ...as(owner),
      body: { name: 'Renamed', send_rate: 50 },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Renamed', send_rate: 50 });
    const started = await t.request('POST', `/v1/group-messages/${created.id}/start`, as(owner));
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('queued');
    expect((await t.request('POST', `/v1/group-messages/${created.id}/start`, as(owner))).status).toBe(409);
    const late = await t.request('PATCH', `/v1/group-messages/${created.id}`, {
      ...as(owner),
      body: { name: 'x' },
    });
    expect(late.status).toBe(409);
  });

  it('cancels a draft and counts nothing as sent', async () => {
    const created = (await draft()).body;
    const res = await t.request('POST', `/v1/group-messages/${created.id}/cancel`, as(owner));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', sent_count: 0, pending_count: 0 });
    expect((await t.request('POST', `/v1/group-messages/${created.id}/cancel`, as(owner))).status).toBe(409);
  });

  it('refuses to start on a disabled channel', async () => {
    const disabled = await createSandboxChannel(t, owner, {}, { is_enabled: false });
    const created = (await draft({ channel_id: disabled })).body;
    const res = await t.request('POST', `/v1/group-messages/${created.id}/start`, as(owner));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('channel_disabled');
  });

  it('deletes drafts and finished broadcasts but not queued ones', async () => {
    const created = (await draft()).body;
    expect((await t.request('DELETE', `/v1/group-messages/${created.id}`, as(owner))).status).toBe(204);
    const queued = (await draft({ status: 'queued' })).body;
    expect((await t.request('DELETE', `/v1/group-messages/${queued.id}`, as(owner))).status).toBe(409);
  });

  it('lists with filters', async () => {
    const res = await t.request('GET', '/v1/group-messages?filter=status:eq:cancelled', as(owner));
    expect(res.status).toBe(200);
    expect(res.body.items.every((g: { status: string }) => g.status === 'cancelled')).toBe(true);
    expect((await t.request('GET', '/v1/group-messages?filter=status:eq:sending', as(owner))).status).toBe(
      400,
    );
  });
});

describe('broadcast security', () => {
  it("answers 404 for another account's broadcast on every route", async () => {
    const created = (await draft()).body;
    for (const [method, path, body] of [
      ['GET', `/v1/group-messages/${created.id}`],
      ['PATCH', `/v1/group-messages/${created.id}`, { name: 'x' }],
      ['DELETE', `/v1/group-messages/${created.id}`],
      ['POST', `/v1/group-messages/${created.id}/start`],
      ['POST', `/v1/group-messages/${created.id}/cancel`],
    ] as [string, string, unknown?][]) {
      expect((await t.request(method, path, { ...as(other), body })).status, `${method} ${path}`).toBe(404);
    }
    expect((await t.request('GET', `/v1/group-messages/${created.id}`, as(owner))).body.status).toBe('draft');
  });

  it('lets a viewer read but not create, start or cancel', async () => {
    const viewer = await addMember(t, owner, 'viewer');
    const created = (await draft()).body;
    expect((await t.request('GET', `/v1/group-messages/${created.id}`, as(viewer))).status).toBe(200);
    expect((await draft({}, viewer)).status).toBe(403);
    expect((await t.request('POST', `/v1/group-messages/${created.id}/start`, as(viewer))).status).toBe(403);
    expect((await t.request('POST', `/v1/group-messages/${created.id}/cancel`, as(viewer))).status).toBe(403);
    expect((await t.request('GET', '/v1/group-messages')).status).toBe(401);
  });
});
