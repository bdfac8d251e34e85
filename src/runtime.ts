import { Redis } from 'ioredis';
import type { Config } from './config.js';
import { createDatabase, type Database } from './db/client.js';
import { dispatchMetrics } from './dispatch/dispatch-metrics.js';
import { ApiPressureMeter } from './dispatch/priority/api-pressure.js';
import { AmqpConnection } from './events/amqp.js';
import type { AppDeps } from './http/context.js';
import { createLiveEvents } from './live/live-events.js';
import { createMailer } from './mail/mailer.js';
import type { Logger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { Queues } from './queues/catalog.js';

export type Runtime = AppDeps & {
  /** The API's pool: statements past API_STATEMENT_TIMEOUT_MS are cancelled (workers use `database`). */
  apiDatabase: Database;
  amqp: AmqpConnection;
  pressure: ApiPressureMeter;
  close: () => Promise<void>;
};

/** Opens the process's connections (PostgreSQL pool, Redis, AMQP lazily, SMTP) from a config. */
export function createRuntime(config: Config, logger: Logger): Runtime {
  const database = createDatabase(config.databaseUrl);
  // Connections open lazily: a worker-only process never opens one on this pool.
  const apiDatabase = createDatabase(config.databaseUrl, {
    applicationName: 'turumba-api',
    statementTimeoutMs: config.apiStatementTimeoutMs,
  });
  // BullMQ needs maxRetriesPerRequest: null on connections that block.
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis error'));
  const amqp = new AmqpConnection(config.amqpUrl, logger);
  const queues = new Queues(redis, config.queuePrefix);
  const mailer = createMailer({ smtpUrl: config.systemSmtpUrl, from: config.mailFrom, logger });
  const metrics = createMetrics();
  // Queue depths (read at scrape time) on every process's /metrics, not only where a send worker runs.
  dispatchMetrics(metrics.registry, queues);
  const live = createLiveEvents(
    redis,
    {
      prefix: config.queuePrefix,
      heartbeatSeconds: config.eventStreamHeartbeatSeconds,
      streamsPerUser: config.eventStreamsPerUser,
      ticketTtlSeconds: config.eventTicketTtlSeconds,
    },
    logger,
  );
  return {
    config,
    database,
    apiDatabase,
    redis,
    mailer,
    logger,
    metrics,
    queues,
    live,
    // Reports only once main.ts starts it (an API process).
    pressure: new ApiPressureMeter(redis, config.queuePrefix, logger),
    amqp,
    checkAmqp: () => amqp.check(),
    async close() {
      await live.close();
      await Promise.allSettled([amqp.close(), mailer.close(), queues.close()]);
      await Promise.allSettled([redis.quit(), database.pool.end(), apiDatabase.pool.end()]);
    },
  };
}
