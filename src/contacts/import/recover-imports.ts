import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { contactImports } from '../../db/schema/index.js';
import type { Logger } from '../../observability/logger.js';
import { JOBS, type Queues } from '../../queues/catalog.js';
import { finishImport } from './import-status.js';

// An import this quiet has no live job: batches touch `updated_at` every second or so.
const STALE_AFTER = '1 minute';
// An upload still `receiving` this long lost its API process mid-stream.
const ABANDONED_UPLOAD_AFTER = '6 hours';
const SWEEP_LIMIT = 100;

/**
 * Rebuilds lost import work from PostgreSQL (Redis may have lost the job, or the API may have died
 * between storing the upload and enqueueing): re-enqueues quiet `queued`/`processing` imports,
 * fails those whose job has failed for good, and fails uploads that never finished.
 */
export async function recoverContactImports(deps: { db: Db; queues: Queues; logger: Logger }): Promise<void> {
  const { db, queues, logger } = deps;
  const def = JOBS['contact-import'];
  const stale = await db
    .select({ id: contactImports.id, accountId: contactImports.accountId, status: contactImports.status })
    .from(contactImports)
    .where(
      or(
        and(
          inArray(contactImports.status, ['queued', 'processing']),
          lt(contactImports.updatedAt, sql`now() - ${STALE_AFTER}::interval`),
        ),
        and(
          eq(contactImports.status, 'receiving'),
          lt(contactImports.createdAt, sql`now() - ${ABANDONED_UPLOAD_AFTER}::interval`),
        ),
      ),
    )
    .limit(SWEEP_LIMIT);
  const queue = queues.get(def.queue);
  for (const item of stale) {
    if (item.status === 'receiving') {
      await finishImport(db, item.id, { status: 'failed', errorMessage: 'The upload did not finish' });
      continue;
    }
    const payload = { importId: item.id, accountId: item.accountId };
    const existing = await queue.getJob(def.jobId(payload));
    const state = existing ? await existing.getState() : 'missing';
    if (state === 'failed') {
      await finishImport(db, item.id, { status: 'failed', errorMessage: importGaveUpMessage });
    } else if (state === 'missing' || state === 'completed' || state === 'unknown') {
      // A completed job with the import still open means the job ran before the import was ready.
      if (existing && state === 'completed') await existing.remove();
      await queues.enqueue('contact-import', payload);
      logger.info({ import_id: item.id }, 'contact import re-enqueued');
    }
  }
}

/** The user-facing reason of an import whose job ran out of attempts. */
export const importGaveUpMessage =
  'The import stopped after repeated internal errors; the rows counted so far were saved';
