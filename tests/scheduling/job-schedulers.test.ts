import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import {
  as,
  createSchedule,
  createTenant,
  getSchedule,
  inMs,
  listRuns,
  type Pipeline,
  singleSchedule,
  startEventPipeline,
  startTestScheduler,
  type Tenant,
  waitFor,
  wipeQueueKeys,
} from './support.js';

// Recurring schedules are BullMQ job schedulers (one per schedule, `schedule-<id>`) repeating with our
// own occurrence arithmetic; an operator sees them in Bull Board.

const operator = { user: 'ops', password: 'a long operator password' };
const board = {
  headers: {
    authorization: `Basic ${Buffer.from(`${operator.user}:${operator.password}`).toString('base64')}`,
  },
};

let t: TestContext;
let tenant: Tenant;
let pipeline: Pipeline;
let scheduler: RunningWorker | undefined;

beforeAll(async () => {
  t = await setupTestApp({ ADMIN_USER: operator.user, ADMIN_PASSWORD: operator.password });
  tenant = await createTenant(t);
  pipeline = await startEventPipeline(t);
});
afterAll(async () => {
  await scheduler?.close();
  await pipeline.stop();
  await t.close();
});

type BoardScheduler = { id: string; queueName: string; next?: number; pattern?: string };

async function boardSchedulers(): Promise<BoardScheduler[]> {
  const res = await t.request('GET', '/admin/queues/api/job-schedulers', board);
  expect(res.status, res.text).toBe(200);
  return res.body.schedulers;
}

const schedulerOf = async (id: string) => (await boardSchedulers()).find((s) => s.id === `schedule-${id}`);

describe('recurring schedules in Bull Board', () => {
  it('lists one job scheduler per active recurring schedule with its next run; pausing removes it', async () => {
    const daily = await createSchedule(
      t,
      tenant.owner,
      singleSchedule(tenant, {
        is_recurring: true,
        recurrence_rule: 'daily',
        scheduled_at: '2031-03-30T09:00:00',
      }),
    );
    const weekly = await createSchedule(
      t,
      tenant.owner,
      singleSchedule(tenant, {
        is_recurring: true,
        recurrence_rule: 'weekly:mon,fri',
        scheduled_at: '2031-03-31T18:30:00',
        timezone: 'Europe/Berlin',
      }),
    );
    const once = await createSchedule(t, tenant.owner, singleSchedule(tenant));

    const found = await waitFor(async () => {
      const [a, b] = [await schedulerOf(daily.id), await schedulerOf(weekly.id)];
      return a && b ? { a, b } : undefined;
    }, 'both job schedulers');
    expect(found.a.queueName).toBe('scheduler');
    // The job is due a little before the occurrence (the worker waits for the exact instant).
    const lead = (s: BoardScheduler, schedule: { next_trigger_at: string }) =>
      Date.parse(schedule.next_trigger_at) - (s.next ?? 0);
    expect(lead(found.a, daily)).toBeGreaterThanOrEqual(0);
    expect(lead(found.a, daily)).toBeLessThan(1_000);
    expect(lead(found.b, weekly)).toBeGreaterThanOrEqual(0);
    expect(lead(found.b, weekly)).toBeLessThan(1_000);
    expect((await boardSchedulers()).map((s) => s.id)).not.toContain(`schedule-${once.id}`);

    const paused = await t.request('POST', `/v1/scheduled-messages/${weekly.id}/pause`, as(tenant.owner));
    expect(paused.status, paused.text).toBe(200);
    await waitFor(
      async () => (await schedulerOf(weekly.id)) === undefined,
      'the paused schedule to leave the board',
    );
    expect(await schedulerOf(daily.id)).toBeDefined();

    const resumed = await t.request('POST', `/v1/scheduled-messages/${weekly.id}/resume`, as(tenant.owner));
    expect(resumed.status, resumed.text).toBe(200);
    await waitFor(
      async () => (await schedulerOf(weekly.id)) !== undefined,
      'the resumed schedule to come back',
    );

    const cancelled = await t.request('POST', `/v1/scheduled-messages/${daily.id}/cancel`, as(tenant.owner));
    expect(cancelled.status, cancelled.text).toBe(200);
    await waitFor(
      async () => (await schedulerOf(daily.id)) === undefined,
      'the cancelled schedule to leave the board',
    );
  });

  it('an edit of the rule moves the scheduler to the new next run', async () => {
    const schedule = await createSchedule(
      t,
      tenant.owner,
      singleSchedule(tenant, {
        is_recurring: true,
        recurrence_rule: 'daily',
        scheduled_at: '2031-04-01T09:00:00',
      }),
    );
    await waitFor(() => schedulerOf(schedule.id), 'the job scheduler');
    const edited = await t.request('PATCH', `/v1/scheduled-messages/${schedule.id}`, {
      ...as(tenant.owner),
      body: { recurrence_rule: 'monthly:15' },
    });
    expect(edited.status, edited.text).toBe(200);
    const next = Date.parse(edited.body.next_trigger_at);
    await waitFor(async () => {
      const s = await schedulerOf(schedule.id);
      return s?.next !== undefined && Math.abs(next - s.next) < 1_000;
    }, 'the scheduler to follow the edit');
  });

  it('is rebuilt after Redis loses it and keeps firing, once per occurrence', async () => {
    scheduler = await startTestScheduler(t);
    const everyTwoSeconds = await createSchedule(
      t,
      tenant.owner,
      singleSchedule(tenant, {
        is_recurring: true,
        recurrence_rule: 'cron:*/2 * * * * *',
        scheduled_at: inMs(2_000),
      }),
    );
    await waitFor(async () => (await listRuns(t, tenant.owner, everyTwoSeconds.id)).length >= 2, 'two runs');
    await wipeQueueKeys(t);
    const before = (await listRuns(t, tenant.owner, everyTwoSeconds.id)).length;
    await waitFor(() => schedulerOf(everyTwoSeconds.id), 'the job scheduler to be rebuilt');
    await waitFor(
      async () => (await listRuns(t, tenant.owner, everyTwoSeconds.id)).length >= before + 2,
      'two more runs',
    );
    const runs = await listRuns(t, tenant.owner, everyTwoSeconds.id);
    const occurrences = runs.map((r: { occurrence_at: string }) => r.occurrence_at);
    expect(new Set(occurrences).size).toBe(occurrences.length);
    for (const at of occurrences) expect(new Date(at).getUTCSeconds() % 2).toBe(0);
    const cancel = await t.request(
      'POST',
      `/v1/scheduled-messages/${everyTwoSeconds.id}/cancel`,
      as(tenant.owner),
    );
    expect(cancel.status).toBe(200);
    expect((await getSchedule(t, tenant.owner, everyTwoSeconds.id)).status).toBe('cancelled');
  }, 60_000);
});
