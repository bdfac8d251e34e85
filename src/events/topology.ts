import type { Channel } from 'amqplib';
import { DISPATCHED_MESSAGE_EVENT_TYPES } from './event-types.js';

/** The contract's topic exchange; every domain event is published here with its type as routing key. */
export const EVENTS_EXCHANGE = 'messaging';
export const DEAD_LETTER_EXCHANGE = 'messaging.dlx';
export const DEAD_LETTER_QUEUE = 'messaging.dlq';

export const GROUP_MESSAGE_QUEUE = 'group_message_processing';
export const SCHEDULED_MESSAGE_QUEUE = 'scheduled_message_processing';
export const AUDIT_QUEUE = 'messaging_audit';
/**
 * Not in the contract's list: an internal processing queue (a documented extension) from which the
 * event consumer puts single messages on their send lane (`message.queued`).
 */
export const MESSAGE_DISPATCH_QUEUE = 'message_dispatch';

/** Queues the event-consumer role works off, with their bindings on the exchange. */
export const PROCESSING_QUEUES: readonly { name: string; bindings: readonly string[] }[] = [
  { name: GROUP_MESSAGE_QUEUE, bindings: ['group_message.*'] },
  { name: SCHEDULED_MESSAGE_QUEUE, bindings: ['scheduled_message.*'] },
  { name: MESSAGE_DISPATCH_QUEUE, bindings: DISPATCHED_MESSAGE_EVENT_TYPES },
];

/**
 * Bindings an earlier release declared and this one removes from a broker that still has them:
 * `message.*` routed every message outcome and inbound message to message_dispatch, to be acked
 * for nothing (two of the three events of every single message); `message.created` made every
 * single's job a second time (the API had added it already), through a quorum queue.
 */
const RETIRED_BINDINGS = [
  { queue: MESSAGE_DISPATCH_QUEUE, pattern: 'message.*' },
  { queue: MESSAGE_DISPATCH_QUEUE, pattern: 'message.created' },
];

/**
 * The broker's own redelivery ceiling on processing queues. The consumer dead-letters earlier (see
 * consumer options); this backstop catches a message that crashes its consumer before it can decide.
 */
export const BROKER_DELIVERY_LIMIT = 20;

/**
 * The audit queue has no consumer of ours and receives every event: unbounded, it would fill the
 * broker's disk until a resource alarm blocks every publisher (the outbox relay included). It keeps
 * the newest AUDIT_QUEUE_MAX_LENGTH events, dropping the oldest (not dead-lettered: that would only
 * move the backlog to the DLQ), and none older than AUDIT_QUEUE_TTL_MS.
 */
export const AUDIT_QUEUE_MAX_LENGTH = 200_000;
export const AUDIT_QUEUE_TTL_MS = 7 * 86_400_000;
export const AUDIT_QUEUE_ARGUMENTS = {
  'x-max-length': AUDIT_QUEUE_MAX_LENGTH,
  'x-overflow': 'drop-head',
  'x-message-ttl': AUDIT_QUEUE_TTL_MS,
};

/** RabbitMQ's reply code when a queue exists with other arguments. */
const PRECONDITION_FAILED = 406;

/**
 * Declares the exchanges, queues and bindings of the contract. Idempotent: both the relay and the
 * consumer call it on every new channel, so a fresh broker (or vhost) is set up by whichever starts first.
 *
 * Processing queues are quorum queues: they survive a broker restart and count redeliveries
 * (`x-delivery-count`), which bounds the retries of a failing handler. The audit queue and the DLQ
 * only accumulate, so they stay classic (cheaper for a long backlog).
 */
export async function assertTopology(channel: Channel, openSide?: () => Promise<Channel>): Promise<void> {
  await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
  await channel.assertExchange(DEAD_LETTER_EXCHANGE, 'fanout', { durable: true });
  await channel.assertQueue(DEAD_LETTER_QUEUE, { durable: true });
  await channel.bindQueue(DEAD_LETTER_QUEUE, DEAD_LETTER_EXCHANGE, '');
  for (const queue of PROCESSING_QUEUES) {
    await channel.assertQueue(queue.name, {
      durable: true,
      deadLetterExchange: DEAD_LETTER_EXCHANGE,
      arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': BROKER_DELIVERY_LIMIT },
    });
    for (const pattern of queue.bindings) await channel.bindQueue(queue.name, EVENTS_EXCHANGE, pattern);
  }
  // Unbinding is idempotent in RabbitMQ: a binding that is not there is not an error.
  for (const { queue, pattern } of RETIRED_BINDINGS) {
    await channel.unbindQueue(queue, EVENTS_EXCHANGE, pattern);
  }
  await assertAuditQueue(channel, openSide);
  await channel.bindQueue(AUDIT_QUEUE, EVENTS_EXCHANGE, '#');
}

/**
 * Declares the bounded audit queue. A broker may hold the unbounded one an earlier release declared:
 * RabbitMQ refuses to redeclare a queue with other arguments (and closes the channel), so the
 * declaration runs on a side channel when the caller can open one, and an existing queue is then
 * kept as it is (docs/OPERATIONS.md says how to bound it with a policy).
 */
async function assertAuditQueue(channel: Channel, openSide?: () => Promise<Channel>): Promise<void> {
  const options = { durable: true, arguments: AUDIT_QUEUE_ARGUMENTS };
  if (!openSide) {
    await channel.assertQueue(AUDIT_QUEUE, options);
    return;
  }
  const side = await openSide();
  let sideClosed = false;
  side.on('error', () => {});
  side.on('close', () => {
    sideClosed = true;
  });
  try {
    await side.assertQueue(AUDIT_QUEUE, options);
  } catch (error) {
    if ((error as { code?: unknown }).code !== PRECONDITION_FAILED) throw error;
  } finally {
    if (!sideClosed) await side.close().catch(() => {});
  }
}
