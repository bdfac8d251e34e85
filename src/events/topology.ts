import type { Channel } from 'amqplib';

/** The contract's topic exchange; every domain event is published here with its type as routing key. */
export const EVENTS_EXCHANGE = 'messaging';
export const DEAD_LETTER_EXCHANGE = 'messaging.dlx';
export const DEAD_LETTER_QUEUE = 'messaging.dlq';

export const GROUP_MESSAGE_QUEUE = 'group_message_processing';
export const SCHEDULED_MESSAGE_QUEUE = 'scheduled_message_processing';
export const AUDIT_QUEUE = 'messaging_audit';
/**
 * Not in the contract's list: an internal processing queue (a documented extension) from which the
 * event consumer puts single messages on their send lane (`message.created`, `message.queued`).
 */
export const MESSAGE_DISPATCH_QUEUE = 'message_dispatch';

/** Queues the event-consumer role works off, with their bindings on the exchange. */
export const PROCESSING_QUEUES = [
  { name: GROUP_MESSAGE_QUEUE, binding: 'group_message.*' },
  { name: SCHEDULED_MESSAGE_QUEUE, binding: 'scheduled_message.*' },
  { name: MESSAGE_DISPATCH_QUEUE, binding: 'message.*' },
] as const;

/**
 * The broker's own redelivery ceiling on processing queues. The consumer dead-letters earlier (see
 * consumer options); this backstop catches a message that crashes its consumer before it can decide.
 */
export const BROKER_DELIVERY_LIMIT = 20;

/**
 * Declares the exchanges, queues and bindings of the contract. Idempotent: both the relay and the
 * consumer call it on every new channel, so a fresh broker (or vhost) is set up by whichever starts first.
 *
 * Processing queues are quorum queues: they survive a broker restart and count redeliveries
 * (`x-delivery-count`), which bounds the retries of a failing handler. The audit queue and the DLQ
 * only accumulate, so they stay classic (cheaper for a long backlog).
 */
export async function assertTopology(channel: Channel): Promise<void> {
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
    await channel.bindQueue(queue.name, EVENTS_EXCHANGE, queue.binding);
  }
  await channel.assertQueue(AUDIT_QUEUE, { durable: true, deadLetterExchange: DEAD_LETTER_EXCHANGE });
  await channel.bindQueue(AUDIT_QUEUE, EVENTS_EXCHANGE, '#');
}
