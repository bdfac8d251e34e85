import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { contactImports } from '../../db/schema/index.js';
import type { LivePublisher } from '../../live/publisher.js';
import { getDefaultCountry } from '../../modules/contacts/service.js';
import type { Logger } from '../../observability/logger.js';
import { createBatchPipeline } from './batch-pipeline.js';
import { writeContactBatch } from './batch-writer.js';
import { readUploadChunks } from './chunk-store.js';
import { type ColumnMap, ImportFileError, mapHeader } from './columns.js';
import { type ContactRow, type RowError, type RowResult, readContactRow } from './contact-row.js';
import { claimImport, finishImport } from './import-status.js';
import { MAX_KEPT_ERRORS, MAX_RECORD_BYTES } from './limits.js';

export type ImportJob = { importId: string; accountId: string };

/** Another run of the same import committed the batch first (a stalled job that came back). */
export class ImportSupersededError extends Error {
  override name = 'ImportSupersededError';
}

type Progress = { committed: number; errorsKept: number };

function csvRecords(db: Db, importId: string): { records: AsyncIterable<string[]>; close: () => void } {
  const source = Readable.from(readUploadChunks(db, importId));
  const parser = parse({
    bom: true,
    // Ragged rows are reported one by one instead of stopping the whole file.
    relax_column_count: true,
    // A stray quote inside an unquoted cell (`5" screen`) is data, as spreadsheets write it.
    relax_quotes: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  return { records: parser, close: () => source.destroy() };
}

/**
 * Commits one batch: its contacts, groups and memberships, and the import's counters, errors and
 * `total_rows` checkpoint in the same transaction. A retried job skips the first `total_rows`
 * records, so a crash between batches neither loses nor double-counts a row.
 */
async function commitBatch(
  db: Db,
  job: ImportJob,
  results: RowResult[],
  progress: Progress,
  groupIds: Map<string, string>,
): Promise<void> {
  if (results.length === 0) return;
  const rows: ContactRow[] = [];
  const errors: RowError[] = [];
  for (const result of results) {
    if (result.ok) rows.push(result.value);
    else errors.push(result.error);
  }
  const kept = await db.transaction(async (tx) => {
    // Imports of one account take turns per batch: concurrent upserts of the same numbers would
    // otherwise deadlock or collide on the unique indexes.
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtextextended(${`contact-import:${job.accountId}`}, 0))`,
    );
    const outcome = await writeContactBatch(tx, job.accountId, rows, groupIds);
    const allErrors = [...errors, ...outcome.errors].sort((a, b) => a.row - b.row);
    const kept = allErrors.slice(0, Math.max(0, MAX_KEPT_ERRORS - progress.errorsKept));
    const advanced = await tx
      .update(contactImports)
      .set({
        totalRows: sql`${contactImports.totalRows} + ${results.length}`,
        imported: sql`${contactImports.imported} + ${outcome.imported}`,
        updated: sql`${contactImports.updated} + ${outcome.updated}`,
        failed: sql`${contactImports.failed} + ${allErrors.length}`,
        errors: sql`${contactImports.errors} || ${JSON.stringify(kept)}::jsonb`,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(contactImports.id, job.importId),
          eq(contactImports.status, 'processing'),
          eq(contactImports.totalRows, progress.committed),
        ),
      )
      .returning({ id: contactImports.id });
    if (advanced.length === 0) throw new ImportSupersededError('The import moved on without this run');
    return kept.length;
  });
  progress.committed += results.length;
  progress.errorsKept += kept;
}

/** An empty line or a row of empty cells (spreadsheets export trailing `,,,` rows): not a row to import. */
function isBlank(record: string[]): boolean {
  return record.every((value) => value.trim() === '');
}

/** Why the file cannot be read, in words for the user (csv-parse's message names the line). */
function fileProblem(error: unknown): string | undefined {
  if (error instanceof ImportFileError) return error.message;
  if (error instanceof CsvError) return `The file is not readable CSV: ${error.message}`;
  return undefined;
}

/**
 * Runs one import job: streams the stored upload chunk by chunk through the CSV parser and upserts
 * rows in batches of BATCH_ROWS. Safe to run again after a crash at any point.
 */
export async function runContactImport(
  deps: { db: Db; logger: Logger; live?: LivePublisher | undefined },
  job: ImportJob,
): Promise<void> {
  const { db } = deps;
  const logger = deps.logger.child({ import_id: job.importId, account_id: job.accountId });
  const claimed = await claimImport(db, job.importId, job.accountId);
  if (!claimed) return;
  const started = performance.now();
  const defaultCountry = await getDefaultCountry(db, job.accountId);
  const progress: Progress = { committed: claimed.totalRows, errorsKept: claimed.errorsKept };
  const resumeAfter = claimed.totalRows;
  const groupIds = new Map<string, string>();
  const batches = createBatchPipeline(async (results) => {
    await commitBatch(db, job, results, progress, groupIds);
    await publishImportProgress(deps, job);
  });

  const { records, close } = csvRecords(db, job.importId);
  let columns: ColumnMap | undefined;
  // `row` numbers every record after the header, blank ones included, so row N is the spreadsheet's
  // row N + 1; `counted` skips blank rows and is what `total_rows` (the retry checkpoint) counts.
  let row = 0;
  let counted = 0;
  try {
    for await (const record of records) {
      if (!columns) {
        if (isBlank(record)) continue;
        columns = mapHeader(record);
        continue;
      }
      row += 1;
      if (isBlank(record)) continue;
      counted += 1;
      if (counted <= resumeAfter) continue;
      await batches.push(readContactRow(record, row, columns, defaultCountry));
    }
    if (!columns) throw new ImportFileError('The file has no header row');
    await batches.drain();
  } catch (error) {
    if (error instanceof ImportSupersededError) {
      // A stalled run came back to life: the other run owns the import (the sweep catches a dead one).
      logger.info('contact import continued by another run');
      return;
    }
    const problem = fileProblem(error);
    if (!problem) throw error;
    // The rows before the unreadable spot are good: keep them, then stop with the reason.
    await batches.drain();
    await finishImport(db, job.importId, { status: 'failed', errorMessage: problem });
    await publishImportProgress(deps, job);
    logger.warn({ reason: error instanceof CsvError ? error.code : 'file' }, 'contact import failed');
    return;
  } finally {
    close();
    // Never leave a commit running behind a failed job: its retry must start from a settled state.
    await batches.settled();
  }
  await finishImport(db, job.importId, { status: 'completed' });
  await publishImportProgress(deps, job);
  logger.info(
    { rows: progress.committed, duration_ms: Math.round(performance.now() - started) },
    'contact import completed',
  );
}

/** The import's counters as a `contact_import.progress` live event (after the write committed). */
async function publishImportProgress(
  deps: { db: Db; live?: LivePublisher | undefined },
  job: ImportJob,
): Promise<void> {
  if (!deps.live) return;
  const [row] = await deps.db
    .select({
      id: contactImports.id,
      status: contactImports.status,
      total_rows: contactImports.totalRows,
      imported: contactImports.imported,
      updated: contactImports.updated,
      failed: contactImports.failed,
    })
    .from(contactImports)
    .where(and(eq(contactImports.id, job.importId), eq(contactImports.accountId, job.accountId)));
  if (row)
    await deps.live.publish([{ accountId: job.accountId, type: 'contact_import.progress', data: row }]);
}
