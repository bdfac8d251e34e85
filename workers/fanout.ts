import { DelayedError, Worker } from 'bullmq';
import { FANOUT_DEFAULTS, type FanoutSettings, runFanout } from '../src/dispatch/fanout/run-fanout.js';
import type { AppDeps } from '../src/http/context.js';
import { JOBS } from '../src/queues/catalog.js';
import type { RunningWorker } from './index.js';

// A fan-out run is PostgreSQL-bound (one page transaction after another); two per process leaves
// the cores to the send workers, and a run gives its slot back every time slice.
const CONCURRENCY = 2;

/**
 * The `fanout` role: turns queued broadcasts into message rows and send-batch jobs, page by page.
 * A run that has to wait (scheduled_at ahead, send window full, time slice used, shutdown) moves
 * its own job back to delayed and resumes from the group's cursor.
 */
export async function startFanoutWorker(
  deps: AppDeps,
  overrides: Partial<FanoutSettings> = {},
): Promise<RunningWorker> {
  const def = JOBS.fanout;
  const settings = { ...FANOUT_DEFAULTS, ...overrides };
  const logger = deps.logger.child({ role: 'fanout' });
  const fanoutDeps = { db: deps.database.db, queues: deps.queues, logger, live: deps.live.publisher };
  const connection = deps.redis.duplicate();
  let closing = false;
  const worker = new Worker(
    def.queue,
    async (job, token) => {
      const run = await runFanout(fanoutDeps, def.payload.parse(job.data), settings, () => closing);
      if (run.done) return;
      // The token proves this worker still holds the job's lock; the move keeps the attempt count.
      await job.moveToDelayed(run.resumeAt, token);
      throw new DelayedError();
    },
    { connection, prefix: deps.config.queuePrefix, concurrency: CONCURRENCY },
  );
  worker.on('error', (err) => logger.warn({ err: err.message }, 'fan-out worker error'));
  worker.on('failed', (job, err) => {
    if (!job) return;
    const { groupMessageId } = job.data as { groupMessageId: string };
    // Name and SQLSTATE only: a query error's message carries its parameters.
    const code = (err.cause as { code?: unknown } | undefined)?.code;
    logger.warn(
      { group_message_id: groupMessageId, attempt: job.attemptsMade, err: err.name, code },
      'fan-out job failed',
    );
  });
  await worker.waitUntilReady();

  return {
    role: 'fanout',
    async close() {
      // Runs in progress stop after their current page and move their jobs back to delayed.
      closing = true;
      await worker.close();
      await connection.quit().catch(() => {});
    },
  };
}
