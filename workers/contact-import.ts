import { Worker } from 'bullmq';
import { finishImport } from '../src/contacts/import/import-status.js';
import { importGaveUpMessage, recoverContactImports } from '../src/contacts/import/recover-imports.js';
import { runContactImport } from '../src/contacts/import/run-import.js';
import type { AppDeps } from '../src/http/context.js';
import { JOBS } from '../src/queues/catalog.js';
import type { RunningWorker } from './index.js';

// Imports are I/O bound on PostgreSQL; two at a time per process keeps a 2-core box responsive.
const CONCURRENCY = 2;
const SWEEP_INTERVAL_MS = 60_000;

/** The `contact-import` role: processes CSV imports and re-enqueues any that lost their job. */
export async function startContactImportWorker(deps: AppDeps): Promise<RunningWorker> {
  const def = JOBS['contact-import'];
  const db = deps.database.db;
  const logger = deps.logger.child({ role: 'contact-import' });
  const connection = deps.redis.duplicate();
  const worker = new Worker(
    def.queue,
    async (job) => runContactImport({ db, logger, live: deps.live.publisher }, def.payload.parse(job.data)),
    { connection, prefix: deps.config.queuePrefix, concurrency: CONCURRENCY },
  );
  worker.on('error', (err) => logger.warn({ err: err.message }, 'contact import worker error'));
  worker.on('failed', (job, err) => {
    if (!job) return;
    const { importId } = job.data as { importId: string };
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    // Name and SQLSTATE only: a query error's message carries its parameters (phones, emails).
    const code = (err.cause as { code?: unknown } | undefined)?.code;
    logger.warn(
      { import_id: importId, attempt: job.attemptsMade, final, err: err.name, code },
      'contact import job failed',
    );
    if (final) {
      finishImport(db, importId, { status: 'failed', errorMessage: importGaveUpMessage }).catch((error) =>
        logger.error({ import_id: importId, err: (error as Error).name }, 'could not mark import failed'),
      );
    }
  });
  await worker.waitUntilReady();

  let sweeping: Promise<void> | undefined;
  const sweep = () => {
    sweeping ??= recoverContactImports({ db, queues: deps.queues, logger })
      .catch((err) => logger.warn({ err: (err as Error).name }, 'contact import sweep failed'))
      .finally(() => {
        sweeping = undefined;
      });
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS);
  timer.unref();

  return {
    role: 'contact-import',
    async close() {
      clearInterval(timer);
      await sweeping;
      await worker.close();
      await connection.quit().catch(() => {});
    },
  };
}
