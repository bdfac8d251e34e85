import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderContext } from '../../src/dispatch/render-context.js';
import { formatSystemDateTime } from '../../src/templates/system-time.js';
import type { RunningWorker } from '../../workers/index.js';
import { createVhost } from '../events/broker.js';
import type { Session } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import {
  as,
  createSchedule,
  createTenant,
  getSchedule,
  inMs,
  listRuns,
  type Pipeline,
  scheduleMessages,
  singleSchedule,
  sleep,
  startEventPipeline,
  startTestScheduler,
  type Tenant,
  waitFor,
} from './support.js';

let t: TestContext;
let vhost: Awaited<ReturnType<typeof createVhost>>;
let pipeline: Pipeline;
let scheduler: RunningWorker;
let tenant: Tenant;
let owner: Session;

beforeAll(async () => {
  vhost = await createVhost();
  t = await setupTestApp({ AMQP_URL: vhost.url() });
  pipeline = await startEventPipeline(t);
  scheduler = await startTestScheduler(t);
  tenant = await createTenant(t);
  owner = tenant.owner;
});
afterAll(async () => {
  await scheduler?.close();
  await pipeline?.stop();
  await t?.close();
  await vhost?.remove();
});

/** Each run names a distinct occurrence and a distinct message, and the messages are exactly those. */
async function expectOneMessagePerRun(id: string) {
  const runs = (await listRuns(t, owner, id)).filter((r) => r.outcome === 'triggered');
  const messages = await scheduleMessages(t, owner, id);
  expect(new Set(runs.map((r) => r.occurrence_at)).size).toBe(runs.length);
  expect(messages.map((m) => m.id).sort()).toEqual(runs.map((r) => r.message_id).sort());
  expect((await getSchedule(t, owner, id)).trigger_count).toBe(runs.length);
  return runs;
}

describe('running schedules', () => {
  it('a one-time single schedule sends one message carrying scheduled_message_id, then completes', async () => {
    const scheduledAt = inMs(1_500);
    const created = await createSchedule(t, owner, singleSchedule(tenant, { scheduled_at: scheduledAt }));
    const done = await waitFor(async () => {
      const s = await getSchedule(t, owner, created.id);
      return s.status === 'completed' && s;
    }, 'the schedule to complete');
    expect(done).toMatchObject({ trigger_count: 1, next_trigger_at: null, last_error: null });
    expect(Date.parse(done.last_triggered_at)).toBeGreaterThanOrEqual(Date.parse(scheduledAt));
    const [message, ...others] = await scheduleMessages(t, owner, created.id);
    expect(others).toEqual([]);
    expect(message).toMatchObject({
      scheduled_message_id: created.id,
      channel_id: tenant.channelId,
      delivery_address: '+251911234567',
      message_body: 'Your appointment is tomorrow',
      direction: 'outbound',
    });
    const runs = await listRuns(t, owner, created.id);
    expect(runs).toEqual([
      expect.objectContaining({
        outcome: 'triggered',
        occurrence_at: new Date(scheduledAt).toISOString(),
        message_id: message.id,
      }),
    ]);
  });

  it('a group schedule starts a queued broadcast carrying scheduled_message_id', async () => {
    const created = await createSchedule(t, owner, {
      name: 'Monthly news',
      send_type: 'group',
      channel_id: tenant.channelId,
      contact_group_ids: [tenant.groupId],
      message_body: 'News for {FIRST_NAME}',
      scheduled_at: inMs(1_000),
      timezone: 'Australia/Adelaide',
    });
    const done = await waitFor(async () => {
      const s = await getSchedule(t, owner, created.id);
      return s.status === 'completed' && s;
    }, 'the group schedule to complete');
    expect(done.trigger_count).toBe(1);
    const [run] = await listRuns(t, owner, created.id);
    expect(run).toMatchObject({ outcome: 'triggered', message_id: null });
    const broadcast = await t.request('GET', `/v1/group-messages/${run.group_message_id}`, as(owner));
    expect(broadcast.status, broadcast.text).toBe(200);
    expect(broadcast.body).toMatchObject({
      scheduled_message_id: created.id,
      name: 'Monthly news',
      template_id: created.template_id,
      contact_group_ids: [tenant.groupId],
    });
    expect(broadcast.body.status).not.toBe('draft');
    // Its messages write {DATE} and {TIME} in the schedule's zone, not the account's (UTC).
    const render = new RenderContext(t.runtime.database.db);
    expect((await render.group(owner.accountId, run.group_message_id))?.timezone).toBe('Australia/Adelaide');
  });

  it('a single schedule writes {DATE} and {TIME} in its own zone, not the account’s', async () => {
    const zone = 'Pacific/Kiritimati'; // UTC+14: never the account's UTC date and hour
    const created = await createSchedule(
      t,
      owner,
      singleSchedule(tenant, {
        message_body: 'Sent {DATE} {TIME}',
        scheduled_at: inMs(1_000),
        timezone: zone,
      }),
    );
    const [message] = await waitFor(async () => {
      const items = await scheduleMessages(t, owner, created.id);
      return items.length > 0 && items;
    }, 'the run’s message');
    const at = Date.parse(message.created_at);
    const expected = [at, at - 60_000].map((ms) => {
      const clock = formatSystemDateTime(ms, zone);
      return `Sent ${clock.date} ${clock.time}`;
    });
    expect(expected).toContain(message.message_body);
  });

  it('a run that cannot be sent is recorded as failed and a one-time schedule fails', async () => {
    const contact = await t.request('POST', '/v1/contacts', {
      ...as(owner),
      body: { name: 'No phone', email: 'np@example.com' },
    });
    // Checked when saved, by the code that sends it: this contact has no phone for the sandbox channel.
    const refused = await t.request('POST', '/v1/scheduled-messages', {
      ...as(owner),
      body: singleSchedule(tenant, { delivery_address: undefined, contact_id: contact.body.id }),
    });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.errors[0].path).toBe('contact_id');
    // Valid when saved; the channel is disabled before it runs.
    const ok = await createSchedule(t, owner, singleSchedule(tenant, { scheduled_at: inMs(1_200) }));
    const disabled = await t.request('PATCH', `/v1/channels/${tenant.channelId}`, {
      ...as(owner),
      body: { is_enabled: false },
    });
    expect(disabled.status, disabled.text).toBe(200);
    try {
      const failed = await waitFor(async () => {
        const s = await getSchedule(t, owner, ok.id);
        return s.status === 'failed' && s;
      }, 'the schedule to fail');
      expect(failed.trigger_count).toBe(0);
      expect(failed.last_error).toMatch(/disabled/);
      const runs = await listRuns(t, owner, ok.id);
      expect(runs).toEqual([expect.objectContaining({ outcome: 'failed', message_id: null })]);
      expect(await scheduleMessages(t, owner, ok.id)).toEqual([]);
    } finally {
      await t.request('PATCH', `/v1/channels/${tenant.channelId}`, {
        ...as(owner),
        body: { is_enabled: true },
      });
    }
  });
});

describe('pause, resume and cancel', () => {
  it('pause stops the runs, resume continues from now without a burst, cancel stops for good', async () => {
    const created = await createSchedule(
      t,
      owner,
      singleSchedule(tenant, {
        scheduled_at: inMs(0),
        recurrence_rule: 'cron:* * * * * *',
        timezone: 'Europe/Berlin',
      }),
    );
    const path = `/v1/scheduled-messages/${created.id}`;
    await waitFor(async () => (await getSchedule(t, owner, created.id)).trigger_count >= 2, 'two runs');

    const paused = await t.request('POST', `${path}/pause`, as(owner));
    expect(paused.status, paused.text).toBe(200);
    const countAtPause = paused.body.trigger_count;
    await sleep(2_500);
    const whilePaused = await getSchedule(t, owner, created.id);
    expect(whilePaused).toMatchObject({
      status: 'paused',
      trigger_count: countAtPause,
      next_trigger_at: null,
    });

    const resumed = await t.request('POST', `${path}/resume`, as(owner));
    expect(resumed.status, resumed.text).toBe(200);
    expect(resumed.body.status).toBe('triggered');
    const resumedAt = Date.parse(resumed.body.updated_at);
    expect(Date.parse(resumed.body.next_trigger_at)).toBeGreaterThanOrEqual(resumedAt - 1000);
    await waitFor(
      async () => (await getSchedule(t, owner, created.id)).trigger_count >= countAtPause + 2,
      'two runs after resume',
    );

    const cancelled = await t.request('POST', `${path}/cancel`, as(owner));
    expect(cancelled.status, cancelled.text).toBe(200);
    await sleep(1_500);
    const final = await getSchedule(t, owner, created.id);
    expect(final).toMatchObject({
      status: 'cancelled',
      trigger_count: cancelled.body.trigger_count,
      missed_count: 0,
    });

    const runs = await expectOneMessagePerRun(created.id);
    // No burst: nothing ran for the occurrences while paused, and nothing was recorded as missed.
    const pausedAt = Date.parse(paused.body.updated_at);
    const inPause = runs.filter((r) => {
      const at = Date.parse(r.occurrence_at);
      return at > pausedAt && at < resumedAt - 1000;
    });
    expect(inPause).toEqual([]);
    expect((await listRuns(t, owner, created.id)).every((r) => r.outcome === 'triggered')).toBe(true);
  });
});
