import { type Job, Worker } from 'bullmq';
import { ChannelCache } from '../src/dispatch/channel-cache.js';
import { ChannelHealth } from '../src/dispatch/channel-health.js';
import type { DispatchDeps } from '../src/dispatch/dispatch-deps.js';
import { dispatchMetrics } from '../src/dispatch/dispatch-metrics.js';
import { BulkGovernor } from '../src/dispatch/priority/bulk-governor.js';
import { processBatchJob } from '../src/dispatch/process-batch-job.js';
import { processSendJob } from '../src/dispatch/process-send-job.js';
import { RateLimiter } from '../src/dispatch/rate-limiter.js';
import { RenderContext } from '../src/dispatch/render-context.js';
import { sessionHooks } from '../src/dispatch/session-hooks.js';
import { startSessionKeeper } from '../src/dispatch/session-keeper.js';
import { RedisSessionStores } from '../src/dispatch/session-store.js';
import { StatusWriter, sqlState } from '../src/dispatch/status-writer.js';
import type { AppDeps } from '../src/http/context.js';
import { JOBS } from '../src/queues/catalog.js';
import { WebhookInbox } from '../src/webhooks/inbox.js';
import { SessionReceipts } from '../src/webhooks/session-receipts.js';
import type { RunningWorker } from './index.js';

export type SendWorkerOptions = {
  /** `send` jobs (one message each) in flight per process. */
  singleConcurrency?: number;
  /** `send-batch` jobs (up to 100 messages each) in flight per process. */
  bulkConcurrency?: number;
};

/**
 * The `send` role: a worker on each lane (`send-single`, `send-bulk`) with its own concurrency and
 * Redis connection, so a broadcast's backlog never stands in front of a single message. Both lanes
 * share this process's status writer, channel and adapter caches, and the Redis rate limiter.
 */
export async function startSendWorker(
  deps: AppDeps,
  options: SendWorkerOptions = {},
): Promise<RunningWorker> {
  const logger = deps.logger.child({ role: 'send' });
  const db = deps.database.db;
  const limiterConnection = deps.redis.duplicate();
  const limiter = new RateLimiter(limiterConnection, deps.config.queuePrefix);
  // Session providers (SMPP) keep their sessions in this role: their receipts are applied here (what
  // cannot be yet waits in the webhook inbox), what else arrives goes to the inbox, their status to
  // the channel row, their leases and part buffers to Redis.
  const inbox = new WebhookInbox(db);
  const receipts = new SessionReceipts(db, inbox, logger, deps.live.publisher);
  const stores = new RedisSessionStores(limiterConnection, deps.config.queuePrefix);
  const channels: ChannelCache = new ChannelCache(db, deps.config, logger, undefined, {
    hooks: (row) => sessionHooks({ db, inbox, receipts, health, channels, logger }, row),
    stores,
  });
  const health = new ChannelHealth(db, limiter, channels, logger);
  const writer = new StatusWriter(db, logger, { live: deps.live.publisher });
  const { priority } = deps.config;
  const governor = new BulkGovernor(limiterConnection, deps.config.queuePrefix, logger, {
    apiP95TargetMs: priority.apiP95TargetMs,
    singleWaitTargetMs: priority.singleWaitTargetMs,
    loopDelayTargetMs: priority.loopDelayTargetMs,
    minRate: priority.bulkMinRate,
    minShare: priority.bulkMinShare,
    tickMs: 200,
  });
  governor.start();
  governor.registerMetrics(deps.metrics.registry);
  const dispatch: DispatchDeps = {
    db,
    writer,
    channels,
    health,
    render: new RenderContext(db),
    limiter,
    queues: deps.queues,
    metrics: dispatchMetrics(deps.metrics.registry, deps.queues),
    logger,
    governor,
  };
  // How long a single message waited for this lane is one of the governor's signals; only a job's
  // first start counts (a scheduled or postponed job waited on purpose).
  const processSingle = (d: DispatchDeps, job: Job, token?: string) => {
    if (job.attemptsStarted <= 1 && !job.opts.delay) governor.noteSingleWait(Date.now() - job.timestamp);
    return processSendJob(d, job, token);
  };

  const lanes = [
    { def: JOBS.send, concurrency: options.singleConcurrency ?? 50, process: processSingle },
    { def: JOBS['send-batch'], concurrency: options.bulkConcurrency ?? 8, process: processBatchJob },
  ];
  const connections = lanes.map(() => deps.redis.duplicate());
  const workers = lanes.map(({ def, concurrency, process }, i) => {
    const worker = new Worker(def.queue, (job: Job, token?: string) => process(dispatch, job, token), {
      connection: connections[i]!,
      prefix: deps.config.queuePrefix,
      concurrency,
    });
    worker.on('error', (err) => logger.warn({ queue: def.queue, err: err.message }, 'send worker error'));
    worker.on('failed', (job, err) => {
      if (!job) return;
      // Ids and the error's name only: a query error's message carries its parameters.
      logger.warn(
        { queue: def.queue, job_id: job.id, attempt: job.attemptsMade, err: err.name, code: sqlState(err) },
        'send job failed',
      );
    });
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const keeper = startSessionKeeper({ db, channels, logger });

  return {
    role: 'send',
    async close() {
      governor.stop();
      await Promise.allSettled(workers.map((w) => w.close()));
      await keeper.stop();
      await writer.drain();
      // Receipts under way are applied and acknowledged while the binds are still up.
      await receipts.drain();
      await channels.close();
      await receipts.drain();
      await inbox.drain();
      await Promise.allSettled([...connections, limiterConnection].map((c) => c.quit()));
    },
  };
}
