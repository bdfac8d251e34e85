import { Temporal } from '@js-temporal/polyfill';
import { getCountries, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js';
import examples from 'libphonenumber-js/examples.mobile.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countryZone, quietUntil, recipientZone } from '../../src/consent/quiet-hours.js';
import { JOBS } from '../../src/queues/catalog.js';
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
  sendMessage,
  setupDispatchTest,
  stopRoles,
  waitFor,
} from '../dispatch/support.js';
import { type Session, signUp } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';
import { contactId, expectCountersAddUp } from './support.js';

const window = { start: '21:00', end: '08:00' };
const at = (iso: string) => new Date(iso);

describe('quiet hours: when a window ends', () => {
  it('ends at the wall-clock time across daylight-saving changes, and not outside the window', () => {
    // New York springs forward on 2027-03-14: 23:00 EST the night before waits until 08:00 EDT (12:00Z).
    expect(quietUntil(at('2027-03-14T04:00:00Z'), 'America/New_York', window)).toEqual(
      at('2027-03-14T12:00:00Z'),
    );
    // And falls back on 2027-11-07: 22:00 EDT waits until 08:00 EST (13:00Z).
    expect(quietUntil(at('2027-11-07T02:00:00Z'), 'America/New_York', window)).toEqual(
      at('2027-11-07T13:00:00Z'),
    );
    // After midnight, the same morning.
    expect(quietUntil(at('2027-03-14T10:30:00Z'), 'America/New_York', window)).toEqual(
      at('2027-03-14T12:00:00Z'),
    );
    // 08:00 itself is the first allowed minute; noon is outside.
    expect(quietUntil(at('2027-03-14T12:00:00Z'), 'America/New_York', window)).toBeNull();
    expect(quietUntil(at('2027-03-14T16:00:00Z'), 'America/New_York', window)).toBeNull();
    // A window within one day; an end inside the spring-forward gap (02:30) opens at 03:30 EDT.
    expect(quietUntil(at('2027-06-01T13:00:00Z'), 'UTC', { start: '12:00', end: '14:00' })).toEqual(
      at('2027-06-01T14:00:00Z'),
    );
    expect(
      quietUntil(at('2027-03-14T06:30:00Z'), 'America/New_York', { start: '01:00', end: '02:30' }),
    ).toEqual(at('2027-03-14T07:30:00Z'));
  });

  it('takes the contact’s zone, else the phone number’s country’s (one zone), else the account’s', () => {
    expect(recipientZone('Europe/Paris', '+251911000000', 'UTC')).toBe('Europe/Paris');
    expect(recipientZone(null, '+251911000000', 'UTC')).toBe('Africa/Addis_Ababa');
    expect(recipientZone(null, '+12025550123', 'Africa/Nairobi')).toBe('Africa/Nairobi');
    expect(recipientZone(null, null, 'Asia/Tokyo')).toBe('Asia/Tokyo');
    // Shared calling codes are parsed: +44 1481 is Guernsey, +44 20 London, +7 7 Kazakhstan.
    expect(recipientZone(null, '+441481256789', 'UTC')).toBe('Europe/Guernsey');
    expect(recipientZone(null, '+442079460000', 'UTC')).toBe('Europe/London');
  });

  it('finds the same zone as parsing the number, for every country’s example number', () => {
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (!example) continue;
      const phone = example.number;
      const parsed = parsePhoneNumberFromString(phone)?.country;
      const expected = (parsed && countryZone(parsed)) || 'UTC';
      expect(recipientZone(null, phone, 'UTC'), `${country} ${phone}`).toBe(expected);
    }
  });
});

let env: DispatchTest;
let t: TestContext;
let owner: Session;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  env = await setupDispatchTest();
  t = env.t;
  owner = await signUp(t, { accountName: 'Acme' });
  for (const role of ['outbox-relay', 'event-consumer', 'send'] as const) {
    workers.push(await ROLE_STARTERS[role](t.runtime));
  }
});
afterAll(async () => {
  await stopRoles(workers);
  await env?.close();
});

/** A window around the current time in `zone`: an hour ago to two hours from now (wall clock). */
function windowAroundNow(zone: string) {
  const now = Temporal.Now.zonedDateTimeISO(zone);
  const hhmm = (z: Temporal.ZonedDateTime) => z.toPlainTime().toString().slice(0, 5);
  const end = now.add({ hours: 2 }).with({ second: 0, millisecond: 0, microsecond: 0, nanosecond: 0 });
  return { quiet: { start: hhmm(now.subtract({ hours: 1 })), end: hhmm(end) }, opening: end };
}

describe('quiet hours in the send path', () => {
  it('holds a broadcast message inside the recipient’s window, sends the others; transactional singles bypass', async () => {
    const { quiet, opening } = windowAroundNow('Asia/Tokyo');
    const patched = await t.request('PATCH', `/v1/accounts/${owner.accountId}`, {
      ...as(owner),
      body: { quiet_hours: quiet },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.quiet_hours).toEqual(quiet);
    const channel = await createSandboxChannel(t, owner);
    const template = await createTemplate(t, owner, { message_body: 'Evening offer' });
    // Tokyo by the phone's country; the other lives in New York whatever their number says.
    const tokyo = await contactId(t, owner, { phone: '+81312345678' });
    const newYork = await contactId(t, owner, { phone: '+255718000001', timezone: 'America/New_York' });
    const group = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: [
        { address: '+81312345678', contactId: tokyo },
        { address: '+255718000001', contactId: newYork },
      ],
    });
    await enqueueBatches(t, owner, channel.id, group);
    const waiting = await waitFor(async () => {
      const g = await getGroupMessage(t, owner, group.groupId);
      return g.sent_count === 1 && g.waiting_quiet_hours === 1 ? g : undefined;
    }, 'one sent and one waiting for quiet hours');
    expect(waiting).toMatchObject({ status: 'processing', pending_count: 1, skipped_count: 0 });
    expectCountersAddUp(waiting);
    const held = await getMessage(t, owner, group.messageIds[0]!);
    expect(held).toMatchObject({ status: 'scheduled', attempts: 0, provider_message_id: null });
    expect(new Date(held.scheduled_at).getTime()).toBe(opening.epochMilliseconds);
    expect((await getMessage(t, owner, group.messageIds[1]!)).status).toBe('delivered');
    // Its send waits in the delayed set until the window opens.
    const delayed = await t.runtime.queues.get(JOBS['send-batch'].queue).getDelayed();
    const job = delayed.find((j) => j.data.messageIds?.includes(group.messageIds[0]));
    // Due when the window opens, never before (BullMQ stamps the job a millisecond or so after our
    // code computed its delay, so "due" may land just after the opening instant).
    const due = job ? job.timestamp + (job.opts.delay ?? 0) : Number.NaN;
    expect(due).toBeGreaterThanOrEqual(opening.epochMilliseconds);
    expect(due).toBeLessThan(opening.epochMilliseconds + 1_000);

    // Singles: an ordinary one waits too; a transactional one goes out now.
    const ordinary = await sendMessage(t, owner, {
      channel_id: channel.id,
      contact_id: tokyo,
      message_body: 'Promo',
    });
    const code = await sendMessage(t, owner, {
      channel_id: channel.id,
      contact_id: tokyo,
      message_body: 'Your code is 4821',
      transactional: true,
    });
    await waitFor(async () => {
      const m = await getMessage(t, owner, code.id);
      return m.status === 'delivered' ? m : undefined;
    }, 'the transactional message to be delivered');
    const promo = await waitFor(async () => {
      const m = await getMessage(t, owner, ordinary.id);
      return m.status === 'scheduled' ? m : undefined;
    }, 'the ordinary single to wait');
    expect(new Date(promo.scheduled_at).getTime()).toBe(opening.epochMilliseconds);
  });
});
