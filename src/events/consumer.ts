import type { Channel, ConsumeMessage } from 'amqplib';
import { UnrecoverableError } from 'bullmq';
import { ZodError } from 'zod';
import type { AppDeps } from '../http/context.js';
import type { Logger } from '../observability/logger.js';
import type { AmqpConnection } from './amqp.js';
import { backoffDelay, sleep } from './backoff.js';
import { describeError } from './describe-error.js';
import { EventEnvelope } from './envelope.js';
import { isConsumedEventType, isEventType } from './event-types.js';
import type { EventHandlerMap } from './handlers.js';
import { eventMetrics } from './metrics.js';
import { assertTopology, PROCESSING_QUEUES } from './topology.js';

export type EventConsumerOptions = {
  amqp: AmqpConnection;
  deps: AppDeps;
  logger: Logger;
  handlers: EventHandlerMap;
  /** Queues to consume; the contract's processing queues unless told otherwise. */
  queues?: readonly string[];
  /** Unacknowledged deliveries per channel: how many handlers run at once. */
  prefetch?: number;
  /** Deliveries of a message whose handler keeps failing before it is dead-lettered. */
  maxDeliveries?: number;
  /** First delay before a failed message is requeued, doubling per delivery. */
  retryDelayMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
};

type Outcome = 'ack' | 'requeue' | 'dead_letter';

const DEFAULTS = {
  prefetch: 20,
  maxDeliveries: 5,
  retryDelayMs: 500,
  reconnectMinMs: 200,
  reconnectMaxMs: 30_000,
};

/**
 * Consumes the processing queues and dispatches each event to its handler by type. A message is
 * acknowledged only after its handler resolved. A poison message (not JSON, not an envelope, a type
 * with no handler) is rejected without requeue, so the queue dead-letters it to `messaging.dlq`; a
 * handler error is retried by requeueing, up to `maxDeliveries` (counted by the quorum queue's
 * `x-delivery-count`), then dead-lettered. Reconnects with backoff when the channel drops.
 */
export class EventConsumer {
  private readonly settings: typeof DEFAULTS;
  private readonly queues: readonly string[];
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly metrics;
  private channel: Channel | undefined;
  private consumerTags: string[] = [];
  private loop: Promise<void> | undefined;
  private markReady: () => void = () => {};
  /** Resolves once the consumer is attached to its queues the first time. */
  readonly ready: Promise<void> = new Promise((resolve) => {
    this.markReady = resolve;
  });

  constructor(private readonly options: EventConsumerOptions) {
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.settings = { ...DEFAULTS, ...defined } as typeof DEFAULTS;
    this.queues = options.queues ?? PROCESSING_QUEUES.map((q) => q.name);
    this.metrics = eventMetrics(options.deps.metrics.registry);
  }

  /** Starts consuming in the background. */
  start(): void {
    this.loop ??= this.consumeForever();
  }

  /** Stops taking deliveries, lets the handlers in flight finish (and ack), then closes the channel. */
  async close(): Promise<void> {
    this.abort.abort();
    const channel = this.channel;
    if (channel) {
      await Promise.allSettled(this.consumerTags.map((tag) => channel.cancel(tag)));
      await Promise.allSettled([...this.inFlight]);
      this.channel = undefined;
      await channel.close().catch(() => {});
    }
    await this.loop;
  }

  private async consumeForever(): Promise<void> {
    const { logger } = this.options;
    let failures = 0;
    while (!this.abort.signal.aborted) {
      try {
        const channel = await this.openChannel();
        if (this.abort.signal.aborted) {
          // close() ran while this channel was opening.
          await channel.close().catch(() => {});
          break;
        }
        if (failures > 0) logger.info('event consumer reconnected');
        failures = 0;
        this.markReady();
        await new Promise<void>((resolve) => channel.once('close', () => resolve()));
        if (this.abort.signal.aborted) break;
        logger.warn('event consumer channel closed; reconnecting');
      } catch (err) {
        logger.warn({ err: describeError(err) }, 'event consumer could not connect');
      }
      failures += 1;
      const wait = backoffDelay(failures, this.settings.reconnectMinMs, this.settings.reconnectMaxMs);
      await sleep(wait, this.abort.signal);
    }
  }

  private async openChannel(): Promise<Channel> {
    const connection = await this.options.amqp.get();
    const channel = await connection.createChannel();
    channel.on('error', (err: Error) =>
      this.options.logger.warn({ err: describeError(err) }, 'event channel error'),
    );
    try {
      await assertTopology(channel, () => connection.createChannel());
      await channel.prefetch(this.settings.prefetch);
      const tags: string[] = [];
      for (const queue of this.queues) {
        const { consumerTag } = await channel.consume(queue, (msg) => this.onDelivery(channel, msg));
        tags.push(consumerTag);
      }
      this.channel = channel;
      this.consumerTags = tags;
      return channel;
    } catch (err) {
      await channel.close().catch(() => {});
      throw err;
    }
  }

  private onDelivery(channel: Channel, msg: ConsumeMessage | null): void {
    if (msg === null) {
      // The broker cancelled the consumer (queue deleted): reopen, which redeclares the topology.
      channel.close().catch(() => {});
      return;
    }
    const work = this.settle(channel, msg).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private async settle(channel: Channel, msg: ConsumeMessage): Promise<void> {
    const outcome = await this.process(msg);
    this.metrics.consumed.inc({ event_type: metricType(msg.properties.type), outcome });
    try {
      if (outcome === 'ack') channel.ack(msg);
      else channel.nack(msg, false, outcome === 'requeue');
    } catch {
      // The channel closed under us: the broker redelivers the message; handlers are idempotent.
    }
  }

  private async process(msg: ConsumeMessage): Promise<Outcome> {
    const logger = this.options.logger.child({
      eventId: msg.properties.messageId,
      routingKey: msg.fields.routingKey,
    });
    let body: unknown;
    try {
      body = JSON.parse(msg.content.toString('utf8'));
    } catch {
      return poison(logger, 'body is not JSON');
    }
    const parsed = EventEnvelope.safeParse(body);
    if (!parsed.success) return poison(logger, 'body is not an event envelope');
    const event = parsed.data;
    const handler = isConsumedEventType(event.event_type)
      ? this.options.handlers[event.event_type]
      : undefined;
    if (!handler) {
      // A contract event no queue is bound to any more (queued before its binding was retired).
      if (isEventType(event.event_type)) return 'ack';
      return poison(logger, `no handler for event type ${event.event_type}`);
    }

    const eventLogger = logger.child({ eventId: event.id, eventType: event.event_type });
    try {
      await handler(event, { deps: this.options.deps, logger: eventLogger });
      return 'ack';
    } catch (err) {
      const message = describeError(err);
      if (err instanceof UnrecoverableError || err instanceof ZodError) {
        eventLogger.error({ err: message }, 'event handler failed permanently; dead-lettering');
        return 'dead_letter';
      }
      const delivery = deliveryNumber(msg);
      if (delivery >= this.settings.maxDeliveries) {
        eventLogger.error({ err: message, delivery }, 'event handler kept failing; dead-lettering');
        return 'dead_letter';
      }
      eventLogger.warn({ err: message, delivery }, 'event handler failed; requeueing');
      // Requeueing at once would spin on an outage; the wait holds one prefetch slot, not the queue.
      await sleep(backoffDelay(delivery, this.settings.retryDelayMs, 30_000), this.abort.signal);
      return 'requeue';
    }
  }
}

function poison(logger: Logger, reason: string): Outcome {
  logger.warn({ reason }, 'poison event message; dead-lettering');
  return 'dead_letter';
}

/** 1 for the first delivery; quorum queues count earlier returns in `x-delivery-count`. */
function deliveryNumber(msg: ConsumeMessage): number {
  const previous = Number(msg.properties.headers?.['x-delivery-count'] ?? 0);
  return (Number.isFinite(previous) ? previous : 0) + 1;
}

// Bounded label values: a poison message may carry any type.
function metricType(type: unknown): string {
  return typeof type === 'string' && isConsumedEventType(type) ? type : 'other';
}
