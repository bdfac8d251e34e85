import { Temporal } from '@js-temporal/polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../src/queues/catalog.js';
import { nextLocalTime } from '../../src/scheduling/local-send-time.js';
import { ROLE_STARTERS, type RunningWorker } from '../../workers/index.js';
import {
  as,
  createSandboxChannel,
  createTemplate,
  type DispatchTest,
  enqueueBatches,
  getGroupMessage,
  getMessage,
  seedGroup,
  setupDispatchTest,
  stopRoles,
  waitFor,
} from '../dispatch/support.js';
import { type Session, signUp } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';
import { createReconciler } from '../reconciler/support.js';
import { contactId, expectCountersAddUp, runGroupSchedule } from './support.js';

const at = (iso: string) => new Date(iso);

describe('local send time: when each zone is due', () => {
  it('is the next such wall-clock time in the zone: today’s when still ahead, else tomorrow’s', () => {
    const from = at('2027-06-01T07:00:00Z');
    // 09:00 in Addis Ababa (UTC+3) was 06:00Z: passed, so tomorrow's.
    expect(nextLocalTime(from, 'Africa/Addis_Ababa', '09:00')).toEqual(at('2027-06-02T06:00:00Z'));
    // 09:00 EDT in New York is 13:00Z: still ahead today.
    expect(nextLocalTime(from, 'America/New_York', '09:00')).toEqual(at('2027-06-01T13:00:00Z'));
    // 09:00 in Tokyo (UTC+9) was 00:00Z: tomorrow's.
    expect(nextLocalTime(from, 'Asia/Tokyo', '09:00')).toEqual(at('2027-06-02T00:00:00Z'));
    // Exactly at the time: now, not tomorrow.
    expect(nextLocalTime(at('2027-06-01T13:00:00Z'), 'America/New_York', '09:00')).toEqual(
      at('2027-06-01T13:00:00Z'),
    );
    expect(nextLocalTime(from, 'Not/A_Zone', '09:00')).toBeNull();
  });

  it('keeps the wall clock across New York’s DST changes; a time in the spring gap moves forward by the gap', () => {
    // The day before the spring change 09:00 EST is 14:00Z; on the day (2027-03-14) 09:00 EDT is 13:00Z.
    expect(nextLocalTime(at('2027-03-13T12:00:00Z'), 'America/New_York', '09:00')).toEqual(
      at('2027-03-13T14:00:00Z'),
    );
    expect(nextLocalTime(at('2027-03-13T15:00:00Z'), 'America/New_York', '09:00')).toEqual(
      at('2027-03-14T13:00:00Z'),
    );
    // On the autumn change (2027-11-07) 09:00 EST is 14:00Z.
    expect(nextLocalTime(at('2027-11-06T14:00:00Z'), 'America/New_York', '09:00')).toEqual(
      at('2027-11-07T14:00:00Z'),
    );
    // 02:30 does not exist on 2027-03-14: 03:30 EDT (07:30Z), like schedules.
    expect(nextLocalTime(at('2027-03-14T05:00:00Z'), 'America/New_York', '02:30')).toEqual(
      at('2027-03-14T07:30:00Z'),
    );
    // 01:30 happens twice on 2027-11-07: the first one (EDT, 05:30Z), once.
    expect(nextLocalTime(at('2027-11-07T04:00:00Z'), 'America/New_York', '01:30')).toEqual(
      at('2027-11-07T05:30:00Z'),
    );
    expect(nextLocalTime(at('2027-11-07T05:45:00Z'), 'America/New_York', '01:30')).toEqual(
      at('2027-11-08T06:30:00Z'),
    );
  });
});

let env: DispatchTest;
let t: TestContext;
let owner: Session;
let channel: any;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  env = await setupDispatchTest();
  t = env.t;
  owner = await signUp(t, { accountName: 'Acme' });
  const zone = await t.request('PATCH', `/v1/accounts/${owner.accountId}`, {
    ...as(owner),
    body: { timezone: 'Africa/Nairobi' },
  });
  expect(zone.status, zone.text).toBe(200);
  channel = await createSandboxChannel(t, owner);
  for (const role of ['outbox-relay', 'event-consumer', 'fanout', 'send'] as const) {
    workers.push(await ROLE_STARTERS[role](t.runtime));
  }
});
afterAll(async () => {
  await stopRoles(workers);
  await env?.close();
});

/** The first instant at or after `from` that reads `clock` on a wall in `zone`, worked out here. */
function expectedDue(from: Date, zone: string, clock: string): number {
  const day = Temporal.Instant.fromEpochMilliseconds(from.getTime()).toZonedDateTimeISO(zone).toPlainDate();
  const time = Temporal.PlainTime.from(clock);
  const today = day.toZonedDateTime({ timeZone: zone, plainTime: time }).epochMilliseconds;
  if (today >= from.getTime()) return today;
  return day.add({ days: 1 }).toZonedDateTime({ timeZone: zone, plainTime: time }).epochMilliseconds;
}

async function groupMessages(groupId: string): Promise<any[]> {
  const res = await t.request(
    'GET',
    `/v1/messages?filter=group_message_id:eq:${groupId}&page_size=100`,
    as(owner),
  );
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

async function broadcast(name: string, contactIds: string[], localSendTime: string) {
  const res = await t.request('POST', '/v1/group-messages', {
    ...as(owner),
    body: {
      name,
      channel_id: channel.id,
      message_body: 'Good morning',
      contact_ids: contactIds,
      local_send_time: localSendTime,
      status: 'queued',
    },
  });
  expect(res.status, res.text).toBe(201);
  expect(res.body.local_send_time).toBe(localSendTime);
  return res.body.id as string;
}

/** Due dates of the delayed send-batch jobs holding `messageId`. */
async function delayedDues(messageId: string): Promise<number[]> {
  const delayed = await t.runtime.queues.get(JOBS['send-batch'].queue).getDelayed();
  return delayed
    .filter((j) => j.data.messageIds?.includes(messageId))
    .map((j) => j.timestamp + (j.opts.delay ?? 0));
}

describe('recipient-local sending', () => {
  // Waits for a whole minute in Addis Ababa 20 to 80 s ahead (room to look at the holds before it).
  it('releases each recipient at the local time in their zone, not before, once; counters add up at completion', async () => {
    // The local time of the test: a whole minute in Addis Ababa.
    let release = Temporal.Now.zonedDateTimeISO('Africa/Addis_Ababa').round({
      smallestUnit: 'minute',
      roundingMode: 'ceil',
    });
    if (release.epochMilliseconds - Date.now() < 20_000) release = release.add({ minutes: 1 });
    const clock = release.toPlainTime().toString().slice(0, 5);
    const releaseAt = release.epochMilliseconds;

    // Three recipients whose zones are found three ways and share this instant (UTC+3 all year).
    const byPhone = await contactId(t, owner, { phone: '+251911000101' }); // Ethiopia: Addis Ababa
    const byContact = await contactId(t, owner, { phone: '+12025550101', timezone: 'Europe/Moscow' });
    const byAccount = await contactId(t, owner, { phone: '+12025550102' }); // US: several zones → Nairobi
    // And three zones hours apart.
    const addis = await contactId(t, owner, { phone: '+251911000102' });
    const newYork = await contactId(t, owner, { phone: '+12025550103', timezone: 'America/New_York' });
    const tokyo = await contactId(t, owner, { phone: '+12025550104', timezone: 'Asia/Tokyo' });

    const sameInstant = await broadcast('Same instant', [byPhone, byContact, byAccount], clock);
    const zoneByZone = await broadcast('Zone by zone', [addis, newYork, tokyo], clock);

    // Fanned out and held: nobody gets anything before their time.
    for (const id of [sameInstant, zoneByZone]) {
      const held = await waitFor(async () => {
        const g = await getGroupMessage(t, owner, id);
        return g.waiting_local_time === 3 ? g : undefined;
      }, 'every recipient held for the local time');
      expect(held).toMatchObject({
        status: 'processing',
        total_recipients: 3,
        pending_count: 3,
        sent_count: 0,
        waiting_quiet_hours: 0,
      });
      expectCountersAddUp(held);
    }
    const startedAt = new Date((await getGroupMessage(t, owner, zoneByZone)).started_at);
    const zoneOf: Record<string, string> = {
      [byPhone]: 'Africa/Addis_Ababa',
      [byContact]: 'Europe/Moscow',
      [byAccount]: 'Africa/Nairobi',
      [addis]: 'Africa/Addis_Ababa',
      [newYork]: 'America/New_York',
      [tokyo]: 'Asia/Tokyo',
    };
    const dueOf = (contact: string, from: Date) => expectedDue(from, zoneOf[contact]!, clock);
    for (const id of [sameInstant, zoneByZone]) {
      const from = new Date((await getGroupMessage(t, owner, id)).started_at);
      for (const m of await groupMessages(id)) {
        expect(m).toMatchObject({
          status: 'scheduled',
          attempts: 0,
          error_details: { code: 'waiting_local_time' },
        });
        expect(Date.parse(m.scheduled_at)).toBe(dueOf(m.contact_id, from));
        // Its send waits in the delayed set until then, never before.
        const [due, ...more] = await delayedDues(m.id);
        expect(more).toEqual([]);
        expect(due).toBeGreaterThanOrEqual(Date.parse(m.scheduled_at));
        expect(due).toBeLessThan(Date.parse(m.scheduled_at) + 1_000);
      }
    }
    expect(dueOf(newYork, startedAt) - releaseAt).toBeGreaterThanOrEqual(3_600_000);
    expect(Math.abs(dueOf(tokyo, startedAt) - releaseAt)).toBeGreaterThanOrEqual(3_600_000);

    // A redelivered batch before the time (a crash, a replay) sends nothing early.
    const replay = async (groupId: string) => {
      const ids = (await groupMessages(groupId)).map((m) => m.id);
      await t.runtime.queues.enqueue('send-batch', {
        groupMessageId: groupId,
        accountId: owner.accountId,
        channelId: channel.id,
        messageIds: ids,
      });
    };
    await replay(sameInstant);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(Date.now()).toBeLessThan(releaseAt);
    expect((await groupMessages(sameInstant)).map((m) => m.status)).toEqual([
      'scheduled',
      'scheduled',
      'scheduled',
    ]);

    const done = await waitFor(
      async () => {
        const g = await getGroupMessage(t, owner, sameInstant);
        return g.status === 'completed' ? g : undefined;
      },
      'the same-instant broadcast to complete',
      90_000,
    );
    expect(done).toMatchObject({ sent_count: 3, pending_count: 0, waiting_local_time: 0, skipped_count: 0 });
    expectCountersAddUp(done);
    for (const m of await groupMessages(sameInstant)) {
      expect(m.status).toBe('delivered');
      expect(m.attempts).toBe(1);
      expect(Date.parse(m.sent_at)).toBeGreaterThanOrEqual(releaseAt);
      expect(m.error_details).toBeNull();
    }

    // Zone by zone: Addis Ababa now, New York and Tokyo still waiting for theirs.
    const partly = await waitFor(async () => {
      const g = await getGroupMessage(t, owner, zoneByZone);
      return g.sent_count === 1 ? g : undefined;
    }, 'Addis Ababa’s recipient to be sent');
    expect(partly).toMatchObject({ status: 'processing', pending_count: 2, waiting_local_time: 2 });
    expectCountersAddUp(partly);
    const byContactId = new Map((await groupMessages(zoneByZone)).map((m) => [m.contact_id, m]));
    expect(byContactId.get(addis)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(Date.parse(byContactId.get(addis).sent_at)).toBeGreaterThanOrEqual(releaseAt);
    for (const later of [newYork, tokyo]) {
      expect(byContactId.get(later)).toMatchObject({ status: 'scheduled', attempts: 0 });
    }

    // Redelivered after the first release: nobody gets a second message, nobody an early one.
    await replay(sameInstant);
    await replay(zoneByZone);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const m of await groupMessages(sameInstant)) expect(m.attempts).toBe(1);
    const after = new Map((await groupMessages(zoneByZone)).map((m) => [m.contact_id, m]));
    expect(after.get(addis).attempts).toBe(1);
    for (const later of [newYork, tokyo]) {
      expect(after.get(later)).toMatchObject({ status: 'scheduled', attempts: 0 });
      expect(await delayedDues(after.get(later).id)).toHaveLength(1);
    }
    expect(await getGroupMessage(t, owner, sameInstant)).toMatchObject({ sent_count: 3 });
    expect(await getGroupMessage(t, owner, zoneByZone)).toMatchObject({
      sent_count: 1,
      waiting_local_time: 2,
    });
  }, 150_000);

  it('on New York’s DST-change day the send path holds 09:00 local (13:00Z), not 09:00 of the day before’s offset', async () => {
    const template = await createTemplate(t, owner, { message_body: 'Morning' });
    const newYork = await contactId(t, owner, { phone: '+12025550401', timezone: 'America/New_York' });
    const addis = await contactId(t, owner, { phone: '+251911000401' });
    const held = async (scheduledAt: string) => {
      const group = await seedGroup(env.sql, {
        accountId: owner.accountId,
        channelId: channel.id,
        templateId: template.id,
        recipients: [
          { address: '+12025550401', contactId: newYork },
          { address: '+251911000401', contactId: addis },
        ],
      });
      // The broadcast's own start decides where "the next 09:00" is counted from.
      await env.sql.query(
        `UPDATE group_messages SET local_send_time = '09:00', scheduled_at = $2 WHERE id = $1`,
        [group.groupId, scheduledAt],
      );
      await enqueueBatches(t, owner, channel.id, group);
      await waitFor(async () => {
        const g = await getGroupMessage(t, owner, group.groupId);
        return g.waiting_local_time === 2 ? g : undefined;
      }, 'both recipients held');
      return Promise.all(group.messageIds.map(async (id) => (await getMessage(t, owner, id)).scheduled_at));
    };
    // Started 10:00 EST on Saturday 13 March 2027: Sunday is the spring change, 09:00 EDT is 13:00Z.
    expect(await held('2027-03-13T15:00:00Z')).toEqual([
      '2027-03-14T13:00:00.000Z',
      '2027-03-14T06:00:00.000Z',
    ]);
    // A day earlier, 09:00 EST is 14:00Z; and on the autumn change (7 November) 09:00 EST again.
    expect(await held('2027-03-12T15:00:00Z')).toEqual([
      '2027-03-13T14:00:00.000Z',
      '2027-03-13T06:00:00.000Z',
    ]);
    expect(await held('2027-11-06T14:00:00Z')).toEqual([
      '2027-11-07T14:00:00.000Z',
      '2027-11-07T06:00:00.000Z',
    ]);
  });

  it('after Redis lost a held send’s job, the reconciler sends it once its time has come, once', async () => {
    const template = await createTemplate(t, owner, { message_body: 'Held' });
    const person = await contactId(t, owner, { phone: '+251911000201' });
    const group = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: [{ address: '+251911000201', contactId: person }],
    });
    // Held until a minute ago, and no job holds it (as after a Redis wipe).
    await env.sql.query(
      `UPDATE messages SET status = 'scheduled', scheduled_at = now() - interval '1 minute',
         error_details = '{"code": "waiting_local_time"}' WHERE id = $1`,
      [group.messageIds[0]],
    );
    const reconciler = createReconciler(t, { dueGraceMs: 0 });
    await reconciler.runOnce();
    const done = await waitFor(async () => {
      const g = await getGroupMessage(t, owner, group.groupId);
      return g.status === 'completed' ? g : undefined;
    }, 'the held send to go out');
    expect(done).toMatchObject({ sent_count: 1, pending_count: 0, waiting_local_time: 0 });
    await reconciler.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await getMessage(t, owner, group.messageIds[0]!)).toMatchObject({
      status: 'delivered',
      attempts: 1,
    });
  });

  it('validates local_send_time; a group schedule carries it into the broadcasts it creates', async () => {
    const person = await contactId(t, owner, { phone: '+251911000301' });
    for (const bad of ['9:00', '24:00', '09:60', 'nine']) {
      const res = await t.request('POST', '/v1/group-messages', {
        ...as(owner),
        body: {
          name: 'Bad',
          channel_id: channel.id,
          message_body: 'x',
          contact_ids: [person],
          local_send_time: bad,
        },
      });
      expect(res.status, bad).toBe(422);
      expect(res.body.errors[0].path).toBe('local_send_time');
    }
    const draft = await t.request('POST', '/v1/group-messages', {
      ...as(owner),
      body: { name: 'Draft', channel_id: channel.id, message_body: 'x', contact_ids: [person] },
    });
    expect(draft.body.local_send_time).toBeNull();
    const patched = await t.request('PATCH', `/v1/group-messages/${draft.body.id}`, {
      ...as(owner),
      body: { local_send_time: '18:30' },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.local_send_time).toBe('18:30');

    const single = await t.request('POST', '/v1/scheduled-messages', {
      ...as(owner),
      body: {
        send_type: 'single',
        channel_id: channel.id,
        contact_id: person,
        message_body: 'x',
        scheduled_at: new Date(Date.now() + 3_600_000).toISOString(),
        local_send_time: '09:00',
      },
    });
    expect(single.status, single.text).toBe(422);
    expect(single.body.errors[0].path).toBe('local_send_time');

    // A group schedule: its run's broadcast carries the local time and starts from the occurrence.
    const clock = Temporal.Now.zonedDateTimeISO('Africa/Addis_Ababa')
      .add({ hours: 2 })
      .toPlainTime()
      .toString()
      .slice(0, 5);
    const { schedule, broadcast: run } = await runGroupSchedule(t, owner, channel.id, [person], {
      local_send_time: clock,
    });
    expect(schedule.local_send_time).toBe(clock);
    expect(run.local_send_time).toBe(clock);
    expect(run.scheduled_at).toBe(schedule.scheduled_at);
    const held = await waitFor(async () => {
      const [m] = await groupMessages(run.id);
      return m?.status === 'scheduled' ? m : undefined;
    }, 'the recipient held for the local time in Addis Ababa');
    expect(Date.parse(held.scheduled_at)).toBe(
      expectedDue(new Date(run.scheduled_at), 'Africa/Addis_Ababa', clock),
    );
  });
});
