import { AmqpConnection } from '../src/events/amqp.js';
import type { AppDeps } from '../src/http/context.js';
import { OutboxRelay } from '../src/outbox/relay.js';
import type { RunningWorker } from './index.js';

/**
 * The `outbox-relay` role: publishes outbox events to RabbitMQ. It opens its own AMQP connection:
 * RabbitMQ throttles publishing connections under flow control, which must not stall the consumers
 * of the same process.
 */
export async function startOutboxRelay(deps: AppDeps): Promise<RunningWorker> {
  const logger = deps.logger.child({ role: 'outbox-relay' });
  const amqp = new AmqpConnection(deps.config.amqpUrl, logger);
  const relay = new OutboxRelay({
    database: deps.database,
    databaseUrl: deps.config.databaseUrl,
    amqp,
    logger,
    registry: deps.metrics.registry,
    live: deps.live.publisher,
  });
  relay.start();
  return {
    role: 'outbox-relay',
    async close() {
      await relay.close();
      await amqp.close();
    },
  };
}
