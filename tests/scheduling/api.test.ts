import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  apiKeyWithPermissions,
  createApiKey,
  type Session,
  signUp,
} from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, createSchedule, createTenant, inMs, listRuns, singleSchedule, type Tenant } from './support.js';

let t: TestContext;
let tenant: Tenant;
let owner: Session;

beforeAll(async () => {
  t = await setupTestApp();
  tenant = await createTenant(t);
  owner = tenant.owner;
});
afterAll(async () => {
  await t?.close();
});

const post = (body: Record<string, unknown>, session: Session = owner) =>
  t.request('POST', '/v1/scheduled-messages', { ...as(session), body });

describe('creating schedules', () => {
  it('creates a one-time single schedule, pending with next_trigger_at at its time', async () => {
    const res = await post(singleSchedule(tenant, { scheduled_at: '2099-06-01T09:00:00' }));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Reminder',
      send_type: 'single',
      status: 'pending',
      timezone: 'Africa/Addis_Ababa',
      // Wall clock in Addis Ababa (+03:00).
      scheduled_at: '2099-06-01T06:00:00.000Z',
      scheduled_local: '2099-06-01T09:00:00',
      next_trigger_at: '2099-06-01T06:00:00.000Z',
      is_recurring: false,
      recurrence_rule: null,
      last_triggered_at: null,
      trigger_count: 0,
      delivery_address: '+251911234567',
    });
  });

  it('creates a recurring group schedule; its message_body becomes a template', async () => {
    const res = await post({
      name: 'Weekly digest',
      send_type: 'group',
      channel_id: tenant.channelId,
      contact_group_ids: [tenant.groupId],
      message_body: 'Hello {FIRST_NAME}',
      scheduled_at: '2099-03-02T08:30:00',
      timezone: 'Europe/Berlin',
      recurrence_rule: 'weekly:mon,wed,fri',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      is_recurring: true,
      status: 'pending',
      contact_group_ids: [tenant.groupId],
    });
    const template = await t.request('GET', `/v1/templates/${res.body.template_id}`, as(owner));
    expect(template.status).toBe(200);
    expect(template.body.message_body).toBe('Hello {FIRST_NAME}');
    // 2 March 2099 is a Monday; Berlin is on CET (+01:00).
    const occ = await t.request(
      'GET',
      `/v1/scheduled-messages/${res.body.id}/occurrences?count=4`,
      as(owner),
    );
    expect(occ.status, occ.text).toBe(200);
    expect(occ.body.items).toEqual([
      '2099-03-02T07:30:00.000Z',
      '2099-03-04T07:30:00.000Z',
      '2099-03-06T07:30:00.000Z',
      '2099-03-09T07:30:00.000Z',
    ]);
  });

  it('defaults the time zone to the account setting', async () => {
    const res = await post(
      singleSchedule(tenant, { timezone: undefined, scheduled_at: '2099-01-01T10:00:00' }),
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ timezone: 'UTC', scheduled_at: '2099-01-01T10:00:00.000Z' });
  });

  it.each([
    ['an unknown timezone', { timezone: 'Mars/Olympus_Mons' }, 'timezone'],
    ['a bare offset as timezone', { timezone: '+03:00' }, 'timezone'],
    ['a malformed rule', { recurrence_rule: 'fortnightly' }, 'recurrence_rule'],
    ['an unknown weekday', { recurrence_rule: 'weekly:mon,xyz' }, 'recurrence_rule'],
    ['monthly out of range', { recurrence_rule: 'monthly:32' }, 'recurrence_rule'],
    ['a malformed cron', { recurrence_rule: 'cron:61 * * * *' }, 'recurrence_rule'],
    ['a cron with 4 fields', { recurrence_rule: 'cron:* * * *' }, 'recurrence_rule'],
    ['recurring without a rule', { is_recurring: true }, 'recurrence_rule'],
    ['a rule on a one-time schedule', { is_recurring: false, recurrence_rule: 'daily' }, 'recurrence_rule'],
    ['a one-time time in the past', { scheduled_at: inMs(-60_000) }, 'scheduled_at'],
    ['a date that does not exist', { scheduled_at: '2099-02-30T10:00:00' }, 'scheduled_at'],
    ['a malformed scheduled_at', { scheduled_at: 'tomorrow at nine' }, 'scheduled_at'],
    ['an empty single audience', { delivery_address: undefined }, 'contact_id'],
    ['both body and template', { template_id: '00000000-0000-4000-8000-000000000000' }, 'message_body'],
    [
      'an end before the start',
      { recurrence_rule: 'daily', recurrence_end_at: '2000-01-01T00:00:00Z' },
      'recurrence_end_at',
    ],
    ['an address the channel cannot use', { delivery_address: 'not-a-phone' }, 'delivery_address'],
  ])('refuses %s with 422 naming the field', async (_what, fields, path) => {
    const res = await post(singleSchedule(tenant, fields));
    expect(res.status, res.text).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('refuses a group schedule with an empty audience', async () => {
    const res = await post({
      send_type: 'group',
      channel_id: tenant.channelId,
      contact_group_ids: [],
      message_body: 'Hi',
      scheduled_at: inMs(3_600_000),
      timezone: 'UTC',
    });
    expect(res.status, res.text).toBe(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'contact_group_ids' })]),
    );
  });

  it('refuses a channel of another account as if it did not exist (422 at channel_id)', async () => {
    const other = await createTenant(t);
    const res = await post(singleSchedule(tenant, { channel_id: other.channelId }));
    expect(res.status, res.text).toBe(422);
    expect(res.body.errors[0].path).toBe('channel_id');
  });

  it('keeps the wall-clock time across DST and shifts a time in the spring gap', async () => {
    const created = await createSchedule(
      t,
      owner,
      singleSchedule(tenant, {
        scheduled_at: '2099-03-14T02:30:00',
        timezone: 'America/New_York',
        recurrence_rule: 'daily',
      }),
    );
    // 2099-03-08 is the second Sunday of March: New York springs forward that night.
    const res = await t.request('GET', `/v1/scheduled-messages/${created.id}/occurrences?count=2`, as(owner));
    expect(res.body.items).toEqual(['2099-03-14T06:30:00.000Z', '2099-03-15T06:30:00.000Z']);
    const gap = await createSchedule(
      t,
      owner,
      singleSchedule(tenant, {
        scheduled_at: '2099-03-07T02:30:00',
        timezone: 'America/New_York',
        recurrence_rule: 'daily',
      }),
    );
    const around = await t.request('GET', `/v1/scheduled-messages/${gap.id}/occurrences?count=3`, as(owner));
    expect(around.body.items).toEqual([
      '2099-03-07T07:30:00.000Z',
      '2099-03-08T07:30:00.000Z', // 02:30 does not exist that day: 03:30 EDT
      '2099-03-09T06:30:00.000Z',
    ]);
  });
});

describe('occurrences', () => {
  it('lists at most 100, refuses more with 400, and changes nothing', async () => {
    const created = await createSchedule(
      t,
      owner,
      singleSchedule(tenant, { recurrence_rule: 'cron:0 */6 * * *' }),
    );
    const max = await t.request(
      'GET',
      `/v1/scheduled-messages/${created.id}/occurrences?count=100`,
      as(owner),
    );
    expect(max.status).toBe(200);
    expect(max.body.items).toHaveLength(100);
    const sorted = [...max.body.items].sort();
    expect(max.body.items).toEqual(sorted);
    expect(new Set(max.body.items).size).toBe(100);
    const tooMany = await t.request(
      'GET',
      `/v1/scheduled-messages/${created.id}/occurrences?count=101`,
      as(owner),
    );
    expect(tooMany.status).toBe(400);
    const after = await t.request('GET', `/v1/scheduled-messages/${created.id}`, as(owner));
    expect(after.body).toEqual(created);
    expect(await listRuns(t, owner, created.id)).toEqual([]);
  });

  it('a one-time schedule has one occurrence; a cancelled one has none', async () => {
    const at = '2099-05-05T05:05:05.000Z';
    const created = await createSchedule(t, owner, singleSchedule(tenant, { scheduled_at: at }));
    const res = await t.request('GET', `/v1/scheduled-messages/${created.id}/occurrences?count=5`, as(owner));
    expect(res.body.items).toEqual([at]);
    await t.request('POST', `/v1/scheduled-messages/${created.id}/cancel`, as(owner));
    const none = await t.request('GET', `/v1/scheduled-messages/${created.id}/occurrences`, as(owner));
    expect(none.body.items).toEqual([]);
  });
});

describe('occurrences of a schedule not saved yet', () => {
  const preview = (body: Record<string, unknown>, session: Session = owner) =>
    t.request('POST', '/v1/scheduled-messages/occurrences/preview', { ...as(session), body });

  it('lists the next runs of a rule in its zone as a saved schedule would, and stores nothing', async () => {
    const timing = {
      scheduled_at: '2099-03-02T08:30:00',
      timezone: 'Europe/Berlin',
      recurrence_rule: 'weekly:mon,wed,fri',
    };
    const res = await preview({ ...timing, count: 4 });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      timezone: 'Europe/Berlin',
      items: [
        '2099-03-02T07:30:00.000Z',
        '2099-03-04T07:30:00.000Z',
        '2099-03-06T07:30:00.000Z',
        '2099-03-09T07:30:00.000Z',
      ],
    });
    const saved = await createSchedule(t, owner, singleSchedule(tenant, timing));
    const occ = await t.request('GET', `/v1/scheduled-messages/${saved.id}/occurrences?count=4`, as(owner));
    expect(occ.body.items).toEqual(res.body.items);
    const before = (await t.request('GET', '/v1/scheduled-messages', as(owner))).body.total;
    await preview({ ...timing, count: 100 });
    expect((await t.request('GET', '/v1/scheduled-messages', as(owner))).body.total).toBe(before);
  });

  it('starts from now for a rule that began in the past, defaults to 10 and to the account zone', async () => {
    const res = await preview({ scheduled_at: '2020-01-01T00:00:00', recurrence_rule: 'daily' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.timezone).toBe('UTC');
    expect(res.body.items).toHaveLength(10);
    expect(Date.parse(res.body.items[0])).toBeGreaterThan(Date.now() - 1000);
    expect(res.body.items[0]).toMatch(/T00:00:00\.000Z$/);
  });

  it('a one-time time has one occurrence; an end bounds a recurring rule', async () => {
    const once = await preview({ scheduled_at: '2099-05-05T05:05:05Z', count: 5 });
    expect(once.body.items).toEqual(['2099-05-05T05:05:05.000Z']);
    const ended = await preview({
      scheduled_at: '2099-05-01T09:00:00',
      timezone: 'Africa/Addis_Ababa',
      recurrence_rule: 'daily',
      recurrence_end_at: '2099-05-03T23:00:00',
      count: 5,
    });
    expect(ended.body.items).toEqual([
      '2099-05-01T06:00:00.000Z',
      '2099-05-02T06:00:00.000Z',
      '2099-05-03T06:00:00.000Z',
    ]);
  });

  it.each([
    ['an unknown timezone', { timezone: 'Mars/Olympus_Mons' }, 'timezone'],
    ['a malformed rule', { recurrence_rule: 'fortnightly' }, 'recurrence_rule'],
    ['a malformed cron', { recurrence_rule: 'cron:61 * * * *' }, 'recurrence_rule'],
    ['recurring without a rule', { is_recurring: true }, 'recurrence_rule'],
    ['a one-time time in the past', { scheduled_at: inMs(-60_000) }, 'scheduled_at'],
    ['a date that does not exist', { scheduled_at: '2099-02-30T10:00:00' }, 'scheduled_at'],
    [
      'an end before the start',
      { recurrence_rule: 'daily', recurrence_end_at: '2000-01-01T00:00:00Z' },
      'recurrence_end_at',
    ],
  ])('refuses %s with 422 naming the field, as a create does', async (_what, fields, path) => {
    const res = await preview({ scheduled_at: '2099-06-01T09:00:00', timezone: 'UTC', ...fields });
    expect(res.status, res.text).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('refuses more than 100 and needs scheduled_messages:read', async () => {
    const tooMany = await preview({
      scheduled_at: '2099-06-01T09:00:00',
      recurrence_rule: 'daily',
      count: 101,
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors.map((e: { path: string }) => e.path)).toEqual(['count']);
    expect((await t.request('POST', '/v1/scheduled-messages/occurrences/preview', { body: {} })).status).toBe(
      401,
    );
    const viewer = await addMember(t, owner, 'viewer');
    expect((await preview({ scheduled_at: '2099-06-01T09:00:00' }, viewer)).status).toBe(200);
    const key = await apiKeyWithPermissions(t, owner, 'message reader', ['messages:read']);
    const refused = await t.request('POST', '/v1/scheduled-messages/occurrences/preview', {
      token: key,
      body: { scheduled_at: '2099-06-01T09:00:00' },
    });
    expect(refused.status).toBe(403);
  });
});

describe('editing and state changes', () => {
  it('pause, edit while paused, resume, cancel; 409 for moves the state does not allow', async () => {
    const created = await createSchedule(t, owner, singleSchedule(tenant, { recurrence_rule: 'daily' }));
    const path = `/v1/scheduled-messages/${created.id}`;
    const edited = await t.request('PATCH', path, {
      ...as(owner),
      body: { message_body: 'Edited while pending' },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.message_body).toBe('Edited while pending');

    const paused = await t.request('POST', `${path}/pause`, as(owner));
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body).toMatchObject({ status: 'paused', next_trigger_at: null });
    expect((await t.request('POST', `${path}/pause`, as(owner))).status).toBe(409);

    const retimed = await t.request('PATCH', path, {
      ...as(owner),
      body: { scheduled_at: '2099-01-01T07:00:00', recurrence_rule: 'weekly:sat' },
    });
    expect(retimed.status, retimed.text).toBe(200);
    expect(retimed.body).toMatchObject({
      status: 'paused',
      recurrence_rule: 'weekly:sat',
      next_trigger_at: null,
    });

    const resumed = await t.request('POST', `${path}/resume`, as(owner));
    expect(resumed.status, resumed.text).toBe(200);
    // 2099-01-03 is the first Saturday; 07:00 in Addis Ababa is 04:00 UTC.
    expect(resumed.body).toMatchObject({ status: 'pending', next_trigger_at: '2099-01-03T04:00:00.000Z' });
    expect((await t.request('POST', `${path}/resume`, as(owner))).status).toBe(409);

    const cancelled = await t.request('POST', `${path}/cancel`, as(owner));
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', next_trigger_at: null });
    expect((await t.request('POST', `${path}/cancel`, as(owner))).status).toBe(409);
    expect((await t.request('POST', `${path}/resume`, as(owner))).status).toBe(409);
    const late = await t.request('PATCH', path, { ...as(owner), body: { name: 'Too late' } });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('invalid_state');
  });

  it('moving a schedule to another zone keeps its wall-clock time', async () => {
    const created = await createSchedule(
      t,
      owner,
      singleSchedule(tenant, {
        scheduled_at: '2099-07-01T09:00:00',
        timezone: 'Europe/Berlin',
      }),
    );
    expect(created.next_trigger_at).toBe('2099-07-01T07:00:00.000Z');
    const moved = await t.request('PATCH', `/v1/scheduled-messages/${created.id}`, {
      ...as(owner),
      body: { timezone: 'Asia/Kolkata' },
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({
      scheduled_local: '2099-07-01T09:00:00',
      next_trigger_at: '2099-07-01T03:30:00.000Z',
    });
  });

  it('validates an edit like a create (422 naming the field)', async () => {
    const created = await createSchedule(t, owner, singleSchedule(tenant));
    const res = await t.request('PATCH', `/v1/scheduled-messages/${created.id}`, {
      ...as(owner),
      body: { timezone: 'Not/AZone' },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('timezone');
    const resumeOneTimeInPast = await t.request('PATCH', `/v1/scheduled-messages/${created.id}`, {
      ...as(owner),
      body: { scheduled_at: inMs(-1000) },
    });
    expect(resumeOneTimeInPast.status).toBe(422);
  });

  it('lists with filters and deletes', async () => {
    const created = await createSchedule(t, owner, singleSchedule(tenant, { name: 'To delete' }));
    const list = await t.request('GET', '/v1/scheduled-messages?filter=name:eq:To delete', as(owner));
    expect(list.status, list.text).toBe(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([created.id]);
    const bad = await t.request('GET', '/v1/scheduled-messages?filter=nope:eq:1', as(owner));
    expect(bad.status).toBe(400);
    const deleted = await t.request('DELETE', `/v1/scheduled-messages/${created.id}`, as(owner));
    expect(deleted.status).toBe(204);
    expect((await t.request('GET', `/v1/scheduled-messages/${created.id}`, as(owner))).status).toBe(404);
  });
});

describe('security', () => {
  it('requires credentials', async () => {
    expect((await t.request('GET', '/v1/scheduled-messages')).status).toBe(401);
    expect((await t.request('POST', '/v1/scheduled-messages', { body: singleSchedule(tenant) })).status).toBe(
      401,
    );
  });

  it('answers 404 for another tenant and never shows its schedules', async () => {
    const mine = await createSchedule(t, owner, singleSchedule(tenant));
    const stranger = await signUp(t);
    for (const [method, suffix] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['POST', '/pause'],
      ['POST', '/resume'],
      ['POST', '/cancel'],
      ['GET', '/occurrences'],
      ['GET', '/runs'],
    ] as const) {
      const res = await t.request(method, `/v1/scheduled-messages/${mine.id}${suffix}`, {
        ...as(stranger),
        ...(method === 'PATCH' ? { body: { name: 'x' } } : {}),
      });
      expect(res.status, `${method} ${suffix}`).toBe(404);
    }
    const list = await t.request('GET', '/v1/scheduled-messages', as(stranger));
    expect(list.body.total).toBe(0);
    expect((await t.request('GET', `/v1/scheduled-messages/${mine.id}`, as(owner))).status).toBe(200);
  });

  it('viewers read, agents schedule but cannot delete, api keys act with their role', async () => {
    const viewer = await addMember(t, owner, 'viewer');
    const agent = await addMember(t, owner, 'agent');
    const created = await createSchedule(t, owner, singleSchedule(tenant));
    expect((await t.request('GET', `/v1/scheduled-messages/${created.id}`, as(viewer))).status).toBe(200);
    expect((await post(singleSchedule(tenant), viewer)).status).toBe(403);
    expect((await t.request('POST', `/v1/scheduled-messages/${created.id}/pause`, as(viewer))).status).toBe(
      403,
    );
    expect((await post(singleSchedule(tenant), agent)).status).toBe(201);
    expect((await t.request('DELETE', `/v1/scheduled-messages/${created.id}`, as(agent))).status).toBe(403);
    const key = await createApiKey(t, owner, 'viewer');
    const byKey = await t.request('POST', '/v1/scheduled-messages', {
      token: key,
      body: singleSchedule(tenant),
    });
    expect(byKey.status).toBe(403);
    expect((await t.request('GET', '/v1/scheduled-messages', { token: key })).status).toBe(200);
  });
});
