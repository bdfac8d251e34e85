import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
  wipeQueueKeys,
} from './support.js';

let t: TestContext;
let vhost: Awaited<ReturnType<typeof createVhost>>;
let pipeline: Pipeline;
let scheduler: RunningWorker | undefined;
let tenant: Tenant;
let owner: Session;

beforeAll(async () => {
  vhost = await createVhost();
  t = await setupTestApp({ AMQP_URL: vhost.url() });
  pipeline = await startEventPipeline(t);
  tenant = await createTenant(t);
  owner = tenant.owner;
});
afterEach(async () => {
  await scheduler?.close();
  scheduler = undefined;
});
afterAll(async () => {
  await pipeline?.stop();
  await t?.close();
  await vhost?.remove();
});

const triggerCount = async (id: string) => (await getSchedule(t, owner, id)).trigger_count as number;

/** Every occurrence from the first run to the last has exactly one run row (no gap, no duplicate). */
async function expectContinuousRuns(id: string, stepMs: number) {
  const runs = await listRuns(t, owner, id);
  const times = runs.map((r) => Date.parse(r.occurrence_at));
  for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(stepMs);
  const triggered = runs.filter((r) => r.outcome === 'triggered');
  const messages = await scheduleMessages(t, owner, id);
  expect(messages.map((m) => m.id).sort()).toEqual(triggered.map((r) => r.message_id).sort());
  return runs;
}

describe('Redis loses everything', () => {
  it('a wipe followed by a restart keeps every active schedule running, and a paused one paused', async () => {
    scheduler = await startTestScheduler(t);
    const every = await createSchedule(
      t,
      owner,
      singleSchedule(tenant, { scheduled_at: inMs(0), recurrence_rule: 'cron:* * * * * *' }),
    );
    const everyTwo = await createSchedule(
      t,
      owner,
      singleSchedule(tenant, {
        scheduled_at: inMs(0),
        recurrence_rule: 'cron:*/2 * * * * *',
        timezone: 'America/New_York',
      }),
    );
    // Starts in 3 s: the pause below lands first, and the restart below waits past that start.
    const paused = await createSchedule(
      t,
      owner,
      singleSchedule(tenant, { scheduled_at: inMs(3_000), recurrence_rule: 'cron:* * * * * *' }),
    );
    expect((await t.request('POST', `/v1/scheduled-messages/${paused.id}/pause`, as(owner))).status).toBe(
      200,
    );
    await waitFor(
      async () => (await triggerCount(every.id)) >= 1 && (await triggerCount(everyTwo.id)) >= 1,
      'first runs',
    );

    await scheduler.close();
    expect(await wipeQueueKeys(t)).toBeGreaterThan(0);
    const before = { every: await triggerCount(every.id), everyTwo: await triggerCount(everyTwo.id) };
    scheduler = await startTestScheduler(t);

    await waitFor(
      async () =>
        (await triggerCount(every.id)) >= before.every + 2 &&
        (await triggerCount(everyTwo.id)) >= before.everyTwo + 2,
      'runs after the restart',
      // A bound, not a budget: the full suite loads both cores, and this only waits for two periods.
      45_000,
    );
    expect(await getSchedule(t, owner, paused.id)).toMatchObject({ status: 'paused', trigger_count: 0 });
    for (const id of [every.id, everyTwo.id]) {
      await t.request('POST', `/v1/scheduled-messages/${id}/cancel`, as(owner));
    }
    await expectContinuousRuns(every.id, 1000);
    await expectContinuousRuns(everyTwo.id, 2000);
  }, 90_000);
});

describe('occurrences missed while the scheduler was down', () => {
  it('fire once when less late than the grace', async () => {
    // No scheduler runs: the created event arms the job in Redis, and nobody takes it.
    const scheduledAt = inMs(800);
    const created = await createSchedule(t, owner, singleSchedule(tenant, { scheduled_at: scheduledAt }));
    await sleep(2_500);
    expect((await getSchedule(t, owner, created.id)).status).toBe('pending');

    scheduler = await startTestScheduler(t); // default grace: 1 hour
    const done = await waitFor(async () => {
      const s = await getSchedule(t, owner, created.id);
      return s.status === 'completed' && s;
    }, 'the late occurrence to fire');
    expect(done).toMatchObject({ trigger_count: 1, missed_count: 0 });
    const runs = await listRuns(t, owner, created.id);
    expect(runs).toEqual([
      expect.objectContaining({ outcome: 'triggered', occurrence_at: new Date(scheduledAt).toISOString() }),
    ]);
    expect(await scheduleMessages(t, owner, created.id)).toHaveLength(1);
  });

  it('are recorded as missed when later than the grace', async () => {
    const scheduledAt = inMs(500);
    const created = await createSchedule(t, owner, singleSchedule(tenant, { scheduled_at: scheduledAt }));
    await sleep(2_500);

    scheduler = await startTestScheduler(t, 1);
    const done = await waitFor(async () => {
      const s = await getSchedule(t, owner, created.id);
      return s.status !== 'pending' && s;
    }, 'the occurrence to be settled');
    expect(done).toMatchObject({
      status: 'failed',
      trigger_count: 0,
      missed_count: 1,
      next_trigger_at: null,
    });
    expect(done.last_error).toMatch(/missed/);
    expect(await listRuns(t, owner, created.id)).toEqual([
      expect.objectContaining({
        outcome: 'missed',
        occurrence_at: new Date(scheduledAt).toISOString(),
        message_id: null,
      }),
    ]);
    expect(await scheduleMessages(t, owner, created.id)).toEqual([]);
  });

  it('a recurring backlog records the old occurrences as missed, fires the latest once, then runs on', async () => {
    scheduler = await startTestScheduler(t, 1);
    const created = await createSchedule(
      t,
      owner,
      singleSchedule(tenant, { scheduled_at: inMs(0), recurrence_rule: 'cron:* * * * * *' }),
    );
    await waitFor(async () => (await triggerCount(created.id)) >= 1, 'a first run');
    await scheduler.close();
    await sleep(3_500);
    scheduler = await startTestScheduler(t, 1);
    await waitFor(
      async () => (await getSchedule(t, owner, created.id)).missed_count >= 2,
      'missed occurrences',
    );
    const countAfterCatchUp = await triggerCount(created.id);
    await waitFor(
      async () => (await triggerCount(created.id)) >= countAfterCatchUp + 2,
      'regular runs again',
    );
    await t.request('POST', `/v1/scheduled-messages/${created.id}/cancel`, as(owner));

    const runs = await expectContinuousRuns(created.id, 1000);
    // The backlog coalesces: a run of missed occurrences ends with one that fired.
    const firstMissed = runs.findIndex((r) => r.outcome === 'missed');
    const afterMissed = runs.slice(firstMissed).findIndex((r) => r.outcome !== 'missed') + firstMissed;
    expect(firstMissed).toBeGreaterThan(0);
    expect(runs[afterMissed]!.outcome).toBe('triggered');
    expect(runs.slice(afterMissed).every((r) => r.outcome === 'triggered')).toBe(true);
  });
});
