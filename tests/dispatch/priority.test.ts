import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiPressureMeter, pressureKey } from '../../src/dispatch/priority/api-pressure.js';
import { BulkGovernor, GOVERNOR_DEFAULTS } from '../../src/dispatch/priority/bulk-governor.js';
import { createLogger } from '../../src/observability/logger.js';
import type { RunningWorker } from '../../workers/index.js';
import { type Session, signUp } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';
import {
  createSandboxChannel,
  type DispatchTest,
  getMessage,
  sendMessage,
  setupDispatchTest,
  startRoles,
  stopRoles,
  waitFor,
} from './support.js';

const logger = createLogger('silent');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  await redis.quit();
});

/** A governor and an API meter on a prefix of their own; time is passed in, never waited for. */
function pair(options: Partial<typeof GOVERNOR_DEFAULTS> = {}) {
  const prefix = `test-priority-${randomBytes(4).toString('hex')}`;
  const meter = new ApiPressureMeter(redis, prefix, logger);
  const governor = new BulkGovernor(redis, prefix, logger, { ...GOVERNOR_DEFAULTS, minRate: 50, ...options });
  return { prefix, meter, governor };
}

/** One API window of `count` requests of `ms` each, reported at `now`. */
async function apiWindow(meter: ApiPressureMeter, ms: number, now: number, count = 20): Promise<void> {
  for (let i = 0; i < count; i++) meter.record(ms);
  await meter.report(now);
}

/** Ticks of calm API while the bulk lane is admitted `perTick` messages per 200 ms tick. */
async function warmUp(
  meter: ApiPressureMeter,
  governor: BulkGovernor,
  now: number,
  perTick: number,
  ticks = 30,
) {
  for (let i = 0; i < ticks; i++) {
    await governor.admit(perTick);
    now += 200;
    await apiWindow(meter, 4, now);
    await governor.tick(now);
  }
  return now;
}

describe('bulk governor (transactional work first)', () => {
  it('slows a broadcast while any API process is slow, down to its floor, and gives full speed back when calm', async () => {
    const { meter, governor } = pair();
    // A broadcast at 2,000 msg/s with a calm API: unlimited.
    let now = await warmUp(meter, governor, Date.now(), 400);
    expect(governor.currentRate).toBeNull();
    expect(governor.congestion.api).toBe(false);

    // The API's p95 goes to 80 ms and stays there: the rate halves from the lane's pace, but never
    // below 0.6 of the pace it had at full speed (smoothed, just under 2,000 msg/s).
    const rates: number[] = [];
    for (let i = 0; i < 10; i++) {
      now += 500;
      await apiWindow(meter, 80, now);
      await governor.tick(now);
      rates.push(governor.currentRate!);
    }
    expect(governor.congestion.api).toBe(true);
    expect(rates[0]).toBeGreaterThanOrEqual(0.6 * 1_900);
    expect(rates[0]).toBeLessThanOrEqual(0.6 * 2_000);
    expect(Math.min(...rates)).toBe(rates[0]);

    // Calm again: the rate grows back and the limit goes away.
    for (let i = 0; i < 60 && governor.currentRate !== null; i++) {
      now += 200;
      await apiWindow(meter, 4, now);
      await governor.tick(now);
    }
    expect(governor.currentRate).toBeNull();
  });

  it('lets a fresh broadcast show its pace before limiting it', async () => {
    const { meter, governor } = pair();
    let now = Date.now();
    await governor.admit(100);
    now += 200;
    await apiWindow(meter, 80, now);
    await governor.tick(now);
    expect(governor.congestion.api).toBe(true);
    expect(governor.currentRate).toBeNull();
  });

  it('ignores a window of too few requests and the stale report of a stopped API process, and removes the stale one', async () => {
    const { prefix, meter, governor } = pair();
    const now = await warmUp(meter, governor, Date.now(), 100);
    await apiWindow(meter, 500, now + 200, 2); // two slow requests say nothing about load
    await governor.tick(now + 200);
    expect(governor.congestion.api).toBe(false);

    await redis.hset(pressureKey(prefix), 'gone-process', `900.0|50|${now - 120_000}`);
    await governor.tick(now + 400);
    expect(governor.congestion.api).toBe(false);
    expect(governor.currentRate).toBeNull();
    expect(await redis.hexists(pressureKey(prefix), 'gone-process')).toBe(0);
    await meter.stop();
    expect(await redis.exists(pressureKey(prefix))).toBe(0);
  });

  it('counts single messages kept waiting for their lane as congestion', async () => {
    const { meter, governor } = pair();
    const now = await warmUp(meter, governor, Date.now(), 100);
    for (let i = 0; i < 10; i++) governor.noteSingleWait(900);
    await governor.tick(now + 200);
    expect(governor.congestion).toMatchObject({ singles: true, api: false });
    expect(governor.currentRate).not.toBeNull();
  });

  it('paces admissions at the governed rate', async () => {
    const { meter, governor } = pair({ minRate: 100 });
    // 20 messages a tick: 100 msg/s at full speed, so the floor is the configured 100 msg/s.
    const now = await warmUp(meter, governor, Date.now(), 20);
    await apiWindow(meter, 80, now + 200);
    await governor.tick(now + 200);
    expect(governor.currentRate).toBe(100);
    const started = performance.now();
    for (let i = 0; i < 10; i++) await governor.admit(10);
    // 100 messages at 100/s with at most a fifth of a second banked: never faster than 0.8 s.
    expect(performance.now() - started).toBeGreaterThanOrEqual(750);
  });
});

describe('single messages skip the outbox hop', () => {
  let env: DispatchTest;
  let t: TestContext;
  let owner: Session;
  let workers: RunningWorker[] = [];

  beforeAll(async () => {
    env = await setupDispatchTest();
    t = env.t;
    owner = await signUp(t);
  });
  afterAll(async () => {
    await stopRoles(workers);
    await env?.close();
  });

  it('reach the provider with no event relay running, and the event that follows sends nothing twice', async () => {
    workers = await startRoles(t, ['send']);
    const channel = await createSandboxChannel(t, owner);
    const created = await sendMessage(t, owner, {
      channel_id: channel.id,
      delivery_address: '+255712000111',
      message_body: 'Your code is 1234',
    });
    const sent = await waitFor(
      async () => {
        const m = await getMessage(t, owner, created.id);
        return m.status === 'delivered' ? m : undefined;
      },
      'delivery without the outbox relay',
      20_000,
    );
    expect(sent.attempts).toBe(1);

    // Now the outbox relay and the event consumer catch up with message.created: no second send.
    workers.push(...(await startRoles(t, ['outbox-relay', 'event-consumer'])));
    await waitFor(
      async () => {
        const { rows } = await env.sql.query(
          `SELECT 1 FROM outbox_events WHERE aggregate_id = $1 AND event_type = 'message.created' AND published_at IS NOT NULL`,
          [created.id],
        );
        return rows.length > 0 ? true : undefined;
      },
      'message.created published',
      20_000,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    const after = await getMessage(t, owner, created.id);
    expect(after).toMatchObject({
      status: 'delivered',
      attempts: 1,
      provider_message_id: sent.provider_message_id,
    });
  });
});
