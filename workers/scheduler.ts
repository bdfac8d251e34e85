import { setTimeout as sleep } from 'node:timers/promises';
import { DelayedError, type Job, Worker } from 'bullmq';
import type { AppDeps } from '../src/http/context.js';
import { reconcileSchedules } from '../src/modules/scheduled-messages/reconcile-schedules.js';
import { type OccurrenceRef, runOccurrence } from '../src/modules/scheduled-messages/run-occurrence.js';
import { enqueueOccurrence, removeScheduler } from '../src/modules/scheduled-messages/schedule-jobs.js';
import { schedulerMetrics } from '../src/modules/scheduled-messages/scheduler-metrics.js';
import { JOBS, QUEUE_SETTINGS } from '../src/queues/catalog.js';
import { TRIGGER_LEAD_MS } from '../src/scheduling/repeat-strategy.js';
import type { RunningWorker } from './index.js';

export type SchedulerOptions = {
  /** Jobs in flight per process (each is one short transaction). */
  concurrency?: number;
  /** Full reconciliation period. */
  reconcileIntervalMs?: number;
  /** How often the Redis marker is checked; a missing marker (Redis emptied) reconciles at once. */
  markerCheckMs?: number;
};

// Most of a job's time is the wait for its instant and one short transaction.
const DEFAULTS = { concurrency: 20, reconcileIntervalMs: 30_000, markerCheckMs: 1_000 };
const MAX_EARLY_WAIT_MS = 1_000;

/**
 * The `scheduler` role: runs the delayed job of each schedule's next occurrence (recording the run
 * and creating its message or broadcast exactly once), enqueues the following occurrence, and
 * reconciles Redis with PostgreSQL at start, periodically, and as soon as Redis is found emptied.
 * Any number of processes may run it.
 */
export async function startScheduler(deps: AppDeps, options: SchedulerOptions = {}): Promise<RunningWorker> {
  const settings = { ...DEFAULTS, ...options };
  const def = JOBS['schedule-trigger'];
  const logger = deps.logger.child({ role: 'scheduler' });
  const db = deps.database.db;
  const metrics = schedulerMetrics(deps.metrics.registry);
  const runDeps = { db, logger, graceMs: deps.config.scheduleGraceSeconds * 1000 };

  const process = async (job: Job, token?: string) => {
    const data = def.payload.parse(job.data);
    // A recurring schedule's job comes from its job scheduler: the occurrence is the job's own time
    // plus the lead (the repeat strategy computed it); a one-time job names its occurrence.
    const fromScheduler = job.repeatJobKey !== undefined && job.opts.prevMillis !== undefined;
    const ref: OccurrenceRef = fromScheduler
      ? { ...data, occurrenceAt: job.opts.prevMillis! + TRIGGER_LEAD_MS }
      : data;
    // Jobs come due TRIGGER_LEAD_MS early (Redis wakes blocked clients on a 100 ms tick): wait for
    // the exact instant. A job that is far too early (added without its delay) goes back to delayed.
    const wait = ref.occurrenceAt - Date.now();
    if (wait > MAX_EARLY_WAIT_MS && !fromScheduler) {
      await job.moveToDelayed(ref.occurrenceAt - TRIGGER_LEAD_MS, token);
      throw new DelayedError();
    }
    if (wait > 0) await sleep(Math.min(wait, MAX_EARLY_WAIT_MS));
    const result = await runOccurrence(runDeps, ref);
    if (result.done) {
      metrics.runs.inc({ outcome: result.outcome });
      if (result.outcome === 'triggered') metrics.lateness.observe((Date.now() - ref.occurrenceAt) / 1000);
    }
    const next = result.nextTriggerAt;
    if (next === null && result.done) {
      // Nothing left to run (recurrence_end_at passed): the schedule's job scheduler goes too.
      await removeScheduler(deps.queues, ref.scheduledMessageId);
    } else if (next && (next.getTime() - TRIGGER_LEAD_MS <= Date.now() || (!fromScheduler && !result.done))) {
      // The next occurrence is already due (a catch-up, a run that started late, or a schedule moved
      // past occurrences that ran: the job scheduler's next job is later), or a one-time job's
      // schedule was moved on past recorded runs: it gets its own job.
      await enqueueOccurrence(deps.queues, { ...ref, occurrenceAt: next.getTime() });
    }
  };

  const connection = deps.redis.duplicate();
  const worker = new Worker(def.queue, process, {
    connection,
    prefix: deps.config.queuePrefix,
    concurrency: settings.concurrency,
    // The job schedulers of recurring schedules repeat with our occurrence arithmetic.
    settings: QUEUE_SETTINGS[def.queue],
  });
  worker.on('error', (err) => logger.warn({ err: err.message }, 'scheduler worker error'));
  worker.on('failed', (job, err) => {
    // Ids and the error class only: a query error's message can carry parameters.
    const code = (err.cause as { code?: unknown } | undefined)?.code;
    logger.warn(
      { job_id: job?.id, attempt: job?.attemptsMade, err: err.name, code },
      'schedule trigger failed',
    );
  });
  await worker.waitUntilReady();

  // Redis here keeps nothing on disk: a marker key tells whether it was emptied since the last pass.
  const marker = `${deps.config.queuePrefix}:scheduler:reconciled`;
  let lastFullRun = 0;
  let running: Promise<void> | undefined;
  const reconcile = async () => {
    const now = Date.now();
    const emptied = (await deps.redis.exists(marker)) === 0;
    if (!emptied && now - lastFullRun < settings.reconcileIntervalMs) return;
    const result = await reconcileSchedules({ db, queues: deps.queues }, now);
    await deps.redis.set(marker, String(now));
    lastFullRun = now;
    if (emptied || result.armed + result.removed + result.revived > 0) {
      logger.info({ ...result, emptied }, 'schedules reconciled');
    }
  };
  const tick = () => {
    running ??= reconcile()
      .catch((err) => logger.warn({ err: (err as Error).name }, 'schedule reconciliation failed'))
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  await running;
  const timer = setInterval(tick, settings.markerCheckMs);
  timer.unref();

  return {
    role: 'scheduler',
    async close() {
      clearInterval(timer);
      await running;
      await worker.close();
      await connection.quit().catch(() => {});
    },
  };
}
