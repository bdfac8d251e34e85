import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_QUEUE, AUDIT_QUEUE_MAX_LENGTH, assertTopology } from '../../src/events/topology.js';
import type { RunningWorker } from '../../workers/index.js';
import { startOutboxRelay } from '../../workers/outbox-relay.js';
import { collectMessages, createVhost, openBroker } from '../events/broker.js';
import { as } from '../fanout/support.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// Suspected in the correctness review: `messaging_audit` has no consumer of ours and no bound, so a
// broker left alone fills its disk until a resource alarm blocks every publisher, the outbox relay
// included. The queue is now declared bounded; a broker holding the unbounded queue of an earlier
// release keeps working.

const run = promisify(execFile);

let fresh: Awaited<ReturnType<typeof createVhost>>;
let upgraded: Awaited<ReturnType<typeof createVhost>>;
let t: TestContext;
let owner: Session;
let relay: RunningWorker | undefined;

beforeAll(async () => {
  fresh = await createVhost();
  upgraded = await createVhost();
  // The audit queue as an earlier release declared it: no length limit, dead letters to the DLX.
  const old = await openBroker(upgraded.url());
  await old.channel.assertQueue(AUDIT_QUEUE, { durable: true, deadLetterExchange: 'messaging.dlx' });
  await old.close();
  t = await setupTestApp({ AMQP_URL: upgraded.url() });
  owner = await signUp(t);
});
afterAll(async () => {
  await relay?.close();
  await t.close();
  await fresh.remove();
  await upgraded.remove();
});

async function queueArguments(vhostUrl: string): Promise<Record<string, unknown>> {
  const vhost = decodeURIComponent(new URL(vhostUrl).pathname.slice(1));
  const { stdout } = await run('rabbitmqctl', [
    '-q',
    'list_queues',
    '-p',
    vhost,
    'name',
    'arguments',
    '--formatter',
    'json',
  ]);
  // rabbitmqctl prints each argument as [name, type, value].
  const queues = JSON.parse(stdout) as { name: string; arguments: unknown[][] }[];
  const found = queues.find((q) => q.name === AUDIT_QUEUE)?.arguments ?? [];
  return Object.fromEntries(found.map((a) => [a[0], a[a.length - 1]]));
}

describe('the audit queue', () => {
  it('is declared with a length limit that drops the oldest events', async () => {
    const connection = await connect(fresh.url());
    const channel = await connection.createChannel();
    await assertTopology(channel, () => connection.createChannel());
    await connection.close();
    expect(await queueArguments(fresh.url())).toMatchObject({
      'x-max-length': AUDIT_QUEUE_MAX_LENGTH,
      'x-overflow': 'drop-head',
    });
  });

  it('left unbounded by an earlier release does not stop the outbox relay', async () => {
    relay = await startOutboxRelay(t.runtime);
    const channelId = await createSandboxChannel(t, owner);
    const sent = await t.request('POST', '/v1/messages', {
      ...as(owner),
      body: { channel_id: channelId, delivery_address: '+251911000123', message_body: 'Hi' },
    });
    expect(sent.status, sent.text).toBe(202);
    const broker = await openBroker(upgraded.url());
    try {
      const [event] = await collectMessages(
        broker.channel,
        AUDIT_QUEUE,
        (m) => JSON.parse(m.content.toString()).aggregate_id === sent.body.id,
        1,
      );
      expect(event?.properties.type).toBe('message.created');
    } finally {
      await broker.close();
    }
  });
});
