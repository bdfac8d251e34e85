import { randomUUID } from 'node:crypto';
import type { GetMessage } from 'amqplib';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outboxEvents } from '../../src/db/schema/index.js';
import { writeOutcomes } from '../../src/dispatch/write-outcomes.js';
import { AmqpConnection } from '../../src/events/amqp.js';
import { EventConsumer } from '../../src/events/consumer.js';
import type { EventEnvelope } from '../../src/events/envelope.js';
import { MESSAGE_EVENT_TYPES } from '../../src/events/event-types.js';
import { EVENT_HANDLERS, type EventHandler } from '../../src/events/handlers.js';
import {
  AUDIT_QUEUE,
  assertTopology,
  DEAD_LETTER_QUEUE,
  EVENTS_EXCHANGE,
  GROUP_MESSAGE_QUEUE,
  MESSAGE_DISPATCH_QUEUE,
  SCHEDULED_MESSAGE_QUEUE,
} from '../../src/events/topology.js';
import { claimSettings, claimStatement } from '../../src/outbox/outbox-store.js';
import { OutboxRelay, type OutboxRelayOptions } from '../../src/outbox/relay.js';
import { type DomainEvent, writeEvents } from '../../src/outbox/write-event.js';
import { startWorkers, stopWorkers } from '../../workers/index.js';
import { createSandboxChannel, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { collectMessages, createVhost, drainQueue, openBroker, TcpProxy, waitFor } from './broker.js';

let t: TestContext;
let vhost: Awaited<ReturnType<typeof createVhost>>;
let broker: Awaited<ReturnType<typeof openBroker>>;
let stopAfterTest: Array<() => Promise<void>> = [];

beforeAll(async () => {
  vhost = await createVhost();
  t = await setupTestApp({ AMQP_URL: vhost.url() });
  broker = await openBroker(vhost.url());
  await assertTopology(broker.channel);
});

beforeEach(async () => {
  for (const queue of [
    GROUP_MESSAGE_QUEUE,
    SCHEDULED_MESSAGE_QUEUE,
    MESSAGE_DISPATCH_QUEUE,
    AUDIT_QUEUE,
    DEAD_LETTER_QUEUE,
  ]) {
    await broker.channel.purgeQueue(queue);
  }
});

afterEach(async () => {
  for (const stop of stopAfterTest.reverse()) await stop();
  stopAfterTest = [];
});

afterAll(async () => {
  await broker?.close();
  await t?.close();
  await vhost?.remove();
});

function startRelay(options: Partial<OutboxRelayOptions> & { amqpUrl?: string } = {}): OutboxRelay {
  const { amqpUrl = vhost.url(), ...overrides } = options;
  const logger = overrides.logger ?? t.runtime.logger;
  const amqp = new AmqpConnection(amqpUrl, logger);
  const relay = new OutboxRelay({
    database: t.runtime.database,
    databaseUrl: t.databaseUrl,
    amqp,
    logger,
    registry: t.runtime.metrics.registry,
    pollIntervalMs: 200,
    retryBaseMs: 20,
    reconnectMinMs: 50,
    reconnectMaxMs: 500,
    ...overrides,
  });
  relay.start();
  stopAfterTest.push(async () => {
    await relay.close();
    await amqp.close();
  });
  return relay;
}

function startConsumer(handlers = EVENT_HANDLERS, maxDeliveries?: number): EventConsumer {
  const amqp = new AmqpConnection(vhost.url(), t.runtime.logger);
  const consumer = new EventConsumer({
    amqp,
    deps: t.runtime,
    logger: t.runtime.logger,
    handlers,
    retryDelayMs: 10,
    ...(maxDeliveries ? { maxDeliveries } : {}),
  });
  consumer.start();
  stopAfterTest.push(async () => {
    await consumer.close();
    await amqp.close();
  });
  return consumer;
}

function groupMessageEvent(overrides: Partial<DomainEvent> = {}): DomainEvent {
  return {
    accountId: randomUUID(),
    eventType: 'group_message.created',
    aggregateType: 'group_message',
    aggregateId: randomUUID(),
    payload: { group_id: randomUUID() },
    ...overrides,
  };
}

function recordEvents(events: DomainEvent[]): Promise<string[]> {
  return t.runtime.database.db.transaction((tx) => writeEvents(tx, events));
}

/** Waits until the relay's LISTEN session is up and its first batch (run on connecting) is done. */
async function relayListening(): Promise<void> {
  await waitFor(async () => {
    const rows = await t.runtime.database.db.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND state = 'idle' AND query LIKE 'LISTEN %'`);
    return Number(rows.rows[0]?.n) > 0;
  }, 'the relay to listen');
  await new Promise((r) => setTimeout(r, 200));
}

/** The types of a message's events once one of them is `type` and all are published. */
async function publishedEventsOf(messageId: string, type: string): Promise<string[]> {
  return waitFor(async () => {
    const rows = await t.runtime.database.db
      .select()
      .from(outboxEvents)
      .where(sql`${outboxEvents.aggregateId} = ${messageId}`);
    const types = rows.map((r) => r.eventType);
    return types.includes(type) && rows.every((r) => r.status === 'published') && types;
  }, `the events of ${messageId} up to ${type} published`);
}

function loadRows(ids: string[]) {
  return t.runtime.database.db.select().from(outboxEvents).where(inArray(outboxEvents.id, ids));
}

async function waitUntilPublished(ids: string[]) {
  return waitFor(async () => {
    const rows = await loadRows(ids);
    return rows.length === ids.length && rows.every((r) => r.status === 'published') && rows;
  }, `${ids.length} event(s) published`);
}

/** How often each message id appears among `messages`. */
function countById(messages: GetMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.properties.messageId, (counts.get(m.properties.messageId) ?? 0) + 1);
  return counts;
}

function publishRaw(routingKey: string, body: string | object, type = routingKey): string {
  const messageId = randomUUID();
  const content = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  broker.channel.publish(EVENTS_EXCHANGE, routingKey, content, {
    messageId,
    type,
    persistent: true,
    contentType: 'application/json',
  });
  return messageId;
}

function validEnvelope(overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    id: randomUUID(),
    event_type: 'group_message.created',
    aggregate_type: 'group_message',
    aggregate_id: randomUUID(),
    account_id: randomUUID(),
    occurred_at: new Date().toISOString(),
    payload: {},
    ...overrides,
  };
}

describe('outbox relay', () => {
  it("publishes an event with the contract's body and properties and marks it published", async () => {
    // Polling is effectively off: the NOTIFY of writeEvents is what wakes the relay.
    startRelay({ pollIntervalMs: 60_000 });
    const event = groupMessageEvent();
    const [id] = await recordEvents([event]);
    const [row] = await waitUntilPublished([id!]);
    expect(row!.publishedAt).toBeInstanceOf(Date);
    expect(row!.retryCount).toBe(0);

    const [audited] = await collectMessages(broker.channel, AUDIT_QUEUE, () => true, 1);
    expect(JSON.parse(audited!.content.toString())).toEqual({
      id,
      event_type: 'group_message.created',
      aggregate_type: 'group_message',
      aggregate_id: event.aggregateId,
      account_id: event.accountId,
      occurred_at: row!.occurredAt.toISOString(),
      payload: event.payload,
    });
    expect(audited!.properties).toMatchObject({
      messageId: id,
      type: 'group_message.created',
      deliveryMode: 2,
      contentType: 'application/json',
    });
    expect(audited!.fields).toMatchObject({ exchange: EVENTS_EXCHANGE, routingKey: 'group_message.created' });
    // Routed by type: the group message queue has it, the scheduled message queue does not.
    expect(
      (await drainQueue(broker.channel, GROUP_MESSAGE_QUEUE)).map((m) => m.properties.messageId),
    ).toEqual([id]);
    expect(await drainQueue(broker.channel, SCHEDULED_MESSAGE_QUEUE)).toEqual([]);

    const metrics = await t.request('GET', '/metrics');
    expect(metrics.text).toMatch(/^turumba_outbox_events_published_total [1-9]/m);
  });

  it('claims without visiting the events published before', async () => {
    // What a busy relay leaves behind until a vacuum: 4,000 published events whose old versions keep
    // their entries in the pending index (this PostgreSQL runs without autovacuum, as CI does).
    const ids = await recordEvents(Array.from({ length: 4_000 }, () => groupMessageEvent()));
    const { db } = t.runtime.database;
    await db.update(outboxEvents).set({ status: 'published' }).where(inArray(outboxEvents.id, ids));
    const explain = (settings: boolean) =>
      db.transaction(async (tx) => {
        if (settings) await tx.execute(sql.raw(claimSettings(10_000)));
        const plan = await tx.execute<{ 'QUERY PLAN': string }>(
          sql.raw(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${claimStatement(100)}`),
        );
        const [root] = plan.rows[0]!['QUERY PLAN'] as unknown as [{ Plan: { 'Shared Hit Blocks': number } }];
        return { text: JSON.stringify(root), pages: root.Plan['Shared Hit Blocks'] };
      });
    // A bitmap scan (the default plan) visits every one of those rows, claim after claim.
    await explain(false);
    const bitmap = await explain(false);
    expect(bitmap.text).toContain('Bitmap Heap Scan');
    expect(bitmap.pages).toBeGreaterThan(100);
    // The relay's plan marks the dead entries the first time and skips them afterwards.
    await explain(true);
    const relay = await explain(true);
    expect(relay.text).not.toContain('Bitmap');
    expect(relay.pages).toBeLessThan(30);
  });

  it('publishes each of many events exactly once across two relays', async () => {
    startRelay({ batchSize: 40 });
    startRelay({ batchSize: 40 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(...(await recordEvents(Array.from({ length: 100 }, () => groupMessageEvent()))));
    }
    await waitUntilPublished(ids);
    // Confirmed before marked: every published event is already in the audit queue.
    const counts = countById(await drainQueue(broker.channel, AUDIT_QUEUE));
    expect(counts.size).toBe(ids.length);
    for (const id of ids) expect(counts.get(id)).toBe(1);
  });

  it('republishes the same message id when the relay fails between publish and mark, losing nothing', async () => {
    const aggregateId = randomUUID();
    // The mark UPDATE fails once, after the publish; a sequence is not rolled back with the transaction.
    await t.runtime.database.db.execute(
      sql.raw(`
      CREATE SEQUENCE mark_failures;
      CREATE FUNCTION fail_first_mark() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'published' AND NEW.aggregate_id = '${aggregateId}' AND nextval('mark_failures') = 1 THEN
          RAISE EXCEPTION 'simulated crash before mark';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_first_mark BEFORE UPDATE ON outbox_events
        FOR EACH ROW EXECUTE FUNCTION fail_first_mark();`),
    );
    try {
      startRelay();
      const ids = await recordEvents([1, 2, 3].map(() => groupMessageEvent({ aggregateId })));
      const rows = await waitUntilPublished(ids);
      expect(rows.every((r) => r.retryCount === 0)).toBe(true);
      const counts = countById(await drainQueue(broker.channel, AUDIT_QUEUE));
      for (const id of ids) expect(counts.get(id)).toBe(2);
      expect(t.logLines.some((l) => l.includes('simulated crash before mark'))).toBe(true);
    } finally {
      await t.runtime.database.db.execute(
        sql.raw(`DROP TRIGGER fail_first_mark ON outbox_events; DROP FUNCTION fail_first_mark();
                 DROP SEQUENCE mark_failures;`),
      );
    }
  });

  it('keeps events pending through a broker outage and publishes them once it is back', async () => {
    const proxy = new TcpProxy(5672);
    await proxy.up();
    stopAfterTest.push(() => proxy.down());
    const logger = t.runtime.logger.child({ relay: 'outage' });
    startRelay({ amqpUrl: vhost.url(proxy.port), logger });
    const [before] = await recordEvents([groupMessageEvent()]);
    await waitUntilPublished([before!]);

    const failedBatches = () =>
      t.logLines.filter((l) => l.includes('"relay":"outage"') && l.includes('outbox relay batch failed'))
        .length;
    await proxy.down();
    await waitFor(() => failedBatches() > 0, 'the relay to notice the outage');
    const [during] = await recordEvents([groupMessageEvent()]);
    const seen = failedBatches();
    await waitFor(() => failedBatches() > seen, 'another attempt during the outage');
    const [pending] = await loadRows([during!]);
    expect(pending).toMatchObject({ status: 'pending', retryCount: 0, publishedAt: null });

    await proxy.up();
    await waitUntilPublished([during!]);
    const counts = countById(await drainQueue(broker.channel, AUDIT_QUEUE));
    expect(counts.get(during!)).toBe(1);
    expect(counts.get(before!)).toBe(1);
  });

  it('keeps relaying after its PostgreSQL connections are killed', async () => {
    startRelay({ pollIntervalMs: 60_000 });
    const [first] = await recordEvents([groupMessageEvent()]);
    await waitUntilPublished([first!]);
    // Every session of this database but the one asking: the LISTEN connection and the pooled ones.
    await t.runtime.database.db.execute(sql`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    await waitFor(() => t.logLines.some((l) => l.includes('outbox listener connection error')), 'the drop');
    // With polling off, only a re-established LISTEN wakes the relay.
    const [second] = await recordEvents([groupMessageEvent()]);
    await waitUntilPublished([second!]);
  });

  it('is woken for a message accepted by POST /v1/messages and for its outcomes, each once committed', async () => {
    // The API's insert and the outcome writes carry no NOTIFY of their own (src/db/notify.ts): with
    // polling off, the wake-up each sends after its commit is what gets their events out.
    const owner = await signUp(t);
    const channelId = await createSandboxChannel(t, owner);
    startRelay({ pollIntervalMs: 60_000 });
    await relayListening();
    const send = async (address: string) => {
      const accepted = await t.request('POST', '/v1/messages', {
        token: owner.token,
        accountId: owner.accountId,
        body: { channel_id: channelId, delivery_address: address, message_body: 'hello' },
      });
      expect(accepted.status, accepted.text).toBe(202);
      return accepted.body.id as string;
    };
    const sent = await send('+251911000123');
    expect(await publishedEventsOf(sent, 'message.created')).toContain('message.created');

    // No send worker runs here: each message is claimed by hand, then its outcome written as the
    // send worker writes it. A plain send takes the one-statement path...
    const failed = await send('+251911000124');
    // Its wake-up handled, so nothing but the outcome's own wakes the relay next.
    await publishedEventsOf(failed, 'message.created');
    await new Promise((r) => setTimeout(r, 100));
    await t.runtime.database.db.execute(
      sql`UPDATE messages SET status = 'sending', attempts = 1 WHERE id IN (${sent}, ${failed})`,
    );
    const base = { accountId: owner.accountId, groupMessageId: null, attempt: 1 };
    await writeOutcomes(t.runtime.database.db, [
      {
        ...base,
        id: sent,
        kind: 'sent',
        providerMessageId: 'sandbox-1',
        segments: 1,
        body: null,
        subject: null,
        sentAt: new Date(),
      },
    ]);
    expect(await publishedEventsOf(sent, 'message.sent')).toContain('message.sent');
    // ...and a failure the general one (a transaction of several writes).
    await writeOutcomes(t.runtime.database.db, [
      {
        ...base,
        id: failed,
        kind: 'permanently_failed',
        error: { code: 'invalid_number', message: 'no such number' },
      },
    ]);
    expect(await publishedEventsOf(failed, 'message.failed')).toContain('message.failed');
  });

  it('marks an event failed past max_retries and still publishes its batch neighbours', async () => {
    // A queue that refuses every message makes the broker nack what is routed to it.
    await broker.channel.assertQueue('test.refuse-all', {
      durable: false,
      arguments: { 'x-max-length': 0, 'x-overflow': 'reject-publish' },
    });
    await broker.channel.bindQueue('test.refuse-all', EVENTS_EXCHANGE, 'channel.status_changed');
    try {
      const [refused, accepted] = await t.runtime.database.db.transaction(async (tx) => {
        const ids = await writeEvents(tx, [
          groupMessageEvent({ eventType: 'channel.status_changed', aggregateType: 'channel' }),
          groupMessageEvent(),
        ]);
        await tx.update(outboxEvents).set({ maxRetries: 2 }).where(inArray(outboxEvents.id, ids));
        return ids;
      });
      startRelay();
      const [failed] = await waitFor(async () => {
        const rows = await loadRows([refused!]);
        return rows[0]?.status === 'failed' && rows;
      }, 'the refused event to fail');
      expect(failed).toMatchObject({ retryCount: 3, publishedAt: null, errorMessage: 'message nacked' });
      await waitUntilPublished([accepted!]);
    } finally {
      await broker.channel.deleteQueue('test.refuse-all');
    }
  });
});

describe('event consumer', () => {
  it('runs the handler of an event published through the outbox and acknowledges it', async () => {
    const seen: EventEnvelope[] = [];
    const record: EventHandler = async (event) => void seen.push(event);
    startConsumer({ ...EVENT_HANDLERS, 'scheduled_message.triggered': record });
    startRelay();
    const [id] = await recordEvents([
      groupMessageEvent({ eventType: 'scheduled_message.triggered', aggregateType: 'scheduled_message' }),
    ]);
    await waitFor(() => seen.length > 0, 'the handler to run');
    expect(seen[0]).toMatchObject({ id, event_type: 'scheduled_message.triggered' });
    await waitFor(
      async () => (await broker.channel.checkQueue(SCHEDULED_MESSAGE_QUEUE)).messageCount === 0,
      'ack',
    );
    expect(await drainQueue(broker.channel, DEAD_LETTER_QUEUE)).toEqual([]);
  });

  it.each([
    ['a body that is not JSON', 'group_message.created', 'not json {'],
    [
      'a body that is not an envelope',
      'group_message.created',
      { id: 'nope', event_type: 'group_message.created' },
    ],
    [
      'an unknown event type',
      'group_message.exploded',
      validEnvelope({ event_type: 'group_message.exploded' }),
    ],
  ])('dead-letters %s to messaging.dlq', async (_name, routingKey, body) => {
    const consumer = startConsumer();
    await consumer.ready;
    const messageId = publishRaw(routingKey, body);
    const [dead] = await collectMessages(
      broker.channel,
      DEAD_LETTER_QUEUE,
      (m) => m.properties.messageId === messageId,
      1,
    );
    const death = dead!.properties.headers?.['x-death']?.[0];
    expect(death).toMatchObject({ queue: GROUP_MESSAGE_QUEUE, reason: 'rejected' });
  });

  it('routes to message_dispatch only the events that put a message on its send lane', async () => {
    // A broker set up by an earlier release still binds message.* there: the topology removes it.
    await broker.channel.bindQueue(MESSAGE_DISPATCH_QUEUE, EVENTS_EXCHANGE, 'message.*');
    await assertTopology(broker.channel);
    await broker.channel.purgeQueue(MESSAGE_DISPATCH_QUEUE);
    for (const type of MESSAGE_EVENT_TYPES) publishRaw(type, validEnvelope({ event_type: type }));
    // A broker set up by the release before this one binds message.created there too.
    await broker.channel.bindQueue(MESSAGE_DISPATCH_QUEUE, EVENTS_EXCHANGE, 'message.created');
    await assertTopology(broker.channel);
    for (const type of MESSAGE_EVENT_TYPES) publishRaw(type, validEnvelope({ event_type: type }));
    // Published after the others on the same channel: whatever was routed arrives before it.
    const marker = publishRaw('message.queued', validEnvelope({ event_type: 'message.queued' }));
    const routed: string[] = [];
    await collectMessages(
      broker.channel,
      MESSAGE_DISPATCH_QUEUE,
      (m) => {
        routed.push(m.fields.routingKey);
        return m.properties.messageId === marker;
      },
      1,
    );
    expect(routed).toEqual(['message.queued', 'message.queued', 'message.queued']);
  });

  it('acknowledges a message outcome left on message_dispatch by the retired binding, without dead-lettering it', async () => {
    const consumer = startConsumer();
    await consumer.ready;
    const envelope = validEnvelope({ event_type: 'message.sent', aggregate_type: 'message' });
    broker.channel.sendToQueue(MESSAGE_DISPATCH_QUEUE, Buffer.from(JSON.stringify(envelope)), {
      messageId: randomUUID(),
      type: 'message.sent',
      persistent: true,
      contentType: 'application/json',
    });
    await waitFor(
      async () => (await broker.channel.checkQueue(MESSAGE_DISPATCH_QUEUE)).messageCount === 0,
      'the event acknowledged',
    );
    // A type outside the contract on the same queue is still poison.
    const unknown = validEnvelope({ event_type: 'message.exploded' });
    broker.channel.sendToQueue(MESSAGE_DISPATCH_QUEUE, Buffer.from(JSON.stringify(unknown)), {
      messageId: randomUUID(),
      persistent: true,
    });
    const dead = await collectMessages(broker.channel, DEAD_LETTER_QUEUE, () => true, 1);
    expect(JSON.parse(dead[0]!.content.toString()).event_type).toBe('message.exploded');
    expect(await drainQueue(broker.channel, DEAD_LETTER_QUEUE)).toEqual([]);
  });

  it('retries a failing handler a bounded number of times, then dead-letters the event', async () => {
    let calls = 0;
    const failing: EventHandler = async () => {
      calls += 1;
      throw new Error('redis unavailable');
    };
    const consumer = startConsumer({ ...EVENT_HANDLERS, 'group_message.queued': failing }, 3);
    await consumer.ready;
    const envelope = validEnvelope({ event_type: 'group_message.queued' });
    publishRaw('group_message.queued', envelope);
    const [dead] = await collectMessages(broker.channel, DEAD_LETTER_QUEUE, () => true, 1);
    expect(JSON.parse(dead!.content.toString())).toEqual(envelope);
    expect(calls).toBe(3);
  });

  it('acknowledges an event whose handler fails once and then succeeds', async () => {
    const ids: string[] = [];
    const flaky: EventHandler = async (event) => {
      ids.push(event.id);
      if (ids.length === 1) throw new Error('transient');
    };
    const consumer = startConsumer({ ...EVENT_HANDLERS, 'group_message.cancelled': flaky });
    await consumer.ready;
    const envelope = validEnvelope({ event_type: 'group_message.cancelled' });
    publishRaw('group_message.cancelled', envelope);
    await waitFor(() => ids.length === 2, 'the redelivery');
    expect(ids).toEqual([envelope.id, envelope.id]);
    await waitFor(
      async () => (await broker.channel.checkQueue(GROUP_MESSAGE_QUEUE)).messageCount === 0,
      'ack',
    );
    expect(await drainQueue(broker.channel, DEAD_LETTER_QUEUE)).toEqual([]);
  });
});

describe('worker roles', () => {
  it('relays an event and consumes it with the outbox-relay and event-consumer roles', async () => {
    const workers = await startWorkers(t.runtime, ['outbox-relay', 'event-consumer']);
    stopAfterTest.push(() => stopWorkers(workers));
    const [id] = await recordEvents([
      groupMessageEvent({ eventType: 'scheduled_message.created', aggregateType: 'scheduled_message' }),
    ]);
    await waitUntilPublished([id!]);
    // Whatever the handler does with it, the consumer took it off the queue and counted it.
    await waitFor(async () => {
      const metrics = await t.request('GET', '/metrics');
      return metrics.text
        .split('\n')
        .some(
          (l) => l.startsWith('turumba_events_consumed_total{') && l.includes('scheduled_message.created'),
        );
    }, 'the consumer to count the event');
    expect((await broker.channel.checkQueue(SCHEDULED_MESSAGE_QUEUE)).messageCount).toBe(0);
  });
});
