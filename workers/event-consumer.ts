import { AmqpConnection } from '../src/events/amqp.js';
import { EventConsumer } from '../src/events/consumer.js';
import { EVENT_HANDLERS } from '../src/events/handlers.js';
import type { AppDeps } from '../src/http/context.js';
import type { RunningWorker } from './index.js';

/** The `event-consumer` role: consumes the processing queues and runs each event's handler. */
export async function startEventConsumer(deps: AppDeps): Promise<RunningWorker> {
  const logger = deps.logger.child({ role: 'event-consumer' });
  const amqp = new AmqpConnection(deps.config.amqpUrl, logger);
  const consumer = new EventConsumer({ amqp, deps, logger, handlers: EVENT_HANDLERS });
  consumer.start();
  return {
    role: 'event-consumer',
    async close() {
      await consumer.close();
      await amqp.close();
    },
  };
}
