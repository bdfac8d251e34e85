import { afterEach, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
import { type Session, signUp } from '../helpers/factories.js';
import { TcpProxy } from '../providers/peers/tcp-proxy.js';
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

// A new single message gets its send job from the API, after the commit, and from nowhere else:
// `message.created` is published for subscribers only. The event consumer dispatches the messages
// handed to it with `message.queued`.

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let env: DispatchTest | undefined;
let workers: RunningWorker[] = [];
let proxy: TcpProxy | undefined;

afterEach(async () => {
  proxy?.release();
  await stopRoles(workers);
  workers = [];
  await env?.close();
  env = undefined;
  await proxy?.close();
  proxy = undefined;
});

async function eventsOf(messageId: string): Promise<{ type: string; reason: string | null }[]> {
  const { rows } = await env!.sql.query<{ type: string; reason: string | null }>(
    `SELECT event_type AS type, payload->>'reason' AS reason FROM outbox_events
     WHERE aggregate_id = $1 ORDER BY occurred_at, event_type`,
    [messageId],
  );
  return rows;
}

function delivered(owner: Session, id: string, timeoutMs = 20_000) {
  return waitFor(
    async () => {
      const m = await getMessage(env!.t, owner, id);
      return m.status === 'delivered' ? m : undefined;
    },
    `message ${id} delivered`,
    timeoutMs,
  );
}

describe("a new single message's send job", () => {
  it('comes from the API, a scheduled one as a delayed job, with no event relay or consumer running', async () => {
    env = await setupDispatchTest();
    const owner = await signUp(env.t);
    workers = await startRoles(env.t, ['send']);
    const channel = await createSandboxChannel(env.t, owner);
    const now = await sendMessage(env.t, owner, {
      channel_id: channel.id,
      delivery_address: '+255712000201',
      message_body: 'Your code is 5521',
    });
    const at = Date.now() + 1_500;
    const later = await sendMessage(env.t, owner, {
      channel_id: channel.id,
      delivery_address: '+255712000202',
      message_body: 'Your appointment is at noon',
      scheduled_at: new Date(at).toISOString(),
    });
    expect(later.status).toBe('scheduled');

    expect((await delivered(owner, now.id)).attempts).toBe(1);
    const sent = await delivered(owner, later.id);
    expect(Date.parse(sent.sent_at)).toBeGreaterThanOrEqual(at - 1_000);
    // Only the contract's events: nothing asks the event consumer to dispatch either message again.
    expect((await eventsOf(now.id)).map((e) => e.type)).toEqual([
      'message.created',
      'message.sent',
      'message.delivered',
    ]);
    expect((await eventsOf(later.id)).map((e) => e.type)).not.toContain('message.queued');
  });

  it('comes from the event consumer through message.queued when the API does not enqueue (PRIORITY_DIRECT_ENQUEUE=false)', async () => {
    env = await setupDispatchTest({ PRIORITY_DIRECT_ENQUEUE: 'false' });
    const owner = await signUp(env.t);
    const channel = await createSandboxChannel(env.t, owner);
    const created = await sendMessage(env.t, owner, {
      channel_id: channel.id,
      delivery_address: '+255712000203',
      message_body: 'Hello',
    });
    expect((await eventsOf(created.id)).map((e) => e.type)).toEqual(['message.created', 'message.queued']);
    // No job until the relay and the consumer run.
    expect(await env.t.runtime.queues.get('send-single').getJobCounts('waiting', 'delayed')).toEqual({
      waiting: 0,
      delayed: 0,
    });
    workers = await startRoles(env.t, ['outbox-relay', 'event-consumer', 'send']);
    expect((await delivered(owner, created.id)).attempts).toBe(1);
  });

  it('goes to the event consumer when Redis does not take it in time, and the message is sent once', async () => {
    const redisUrl = new URL(REDIS_URL);
    proxy = await TcpProxy.start(Number(redisUrl.port || 6379));
    redisUrl.port = String(proxy.port);
    env = await setupDispatchTest({ REDIS_URL: redisUrl.toString(), PRIORITY_ENQUEUE_TIMEOUT_MS: '300' });
    const owner = await signUp(env.t);
    const channel = await createSandboxChannel(env.t, owner);
    workers = await startRoles(env.t, ['outbox-relay', 'event-consumer', 'send']);

    proxy.stall();
    const started = performance.now();
    const created = await sendMessage(env.t, owner, {
      channel_id: channel.id,
      delivery_address: '+255712000204',
      message_body: 'Your code is 9090',
    });
    // The API answered without Redis (its rate limiter fails open, the enqueue gave up at 300 ms).
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(created.status).toBe('queued');
    expect(await eventsOf(created.id)).toEqual([
      { type: 'message.created', reason: null },
      { type: 'message.queued', reason: 'enqueue_failed' },
    ]);

    // Redis answers again: the API's late add and the consumer's are the same job.
    proxy.release();
    const sent = await delivered(owner, created.id);
    expect(sent.attempts).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const types = (await eventsOf(created.id)).map((e) => e.type);
    expect(types.filter((type) => type === 'message.sent')).toHaveLength(1);
    expect((await getMessage(env.t, owner, created.id)).attempts).toBe(1);
  });
});
