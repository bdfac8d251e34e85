import { and, count, eq } from 'drizzle-orm';
import { audited } from '../../audit/record-audit.js';
import { storeUploadChunks } from '../../contacts/import/chunk-store.js';
import { MAX_UPLOAD_BYTES } from '../../contacts/import/limits.js';
import { CONTACT_IMPORT_STATUSES, contactImports } from '../../db/schema/index.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import type { ListSpec, ParsedList } from '../../http/list-query.js';
import { iso } from '../../http/openapi.js';
import type { Queues } from '../../queues/catalog.js';
import type { CsvUpload } from './read-upload.js';
import type { ContactImport, ContactImportAccepted, ContactImportSummary } from './schemas.js';

export const contactImportList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: contactImports.id },
    status: { type: 'enum', column: contactImports.status, values: CONTACT_IMPORT_STATUSES },
    filename: { type: 'text', column: contactImports.filename },
    total_rows: { type: 'number', column: contactImports.totalRows },
    imported: { type: 'number', column: contactImports.imported },
    updated: { type: 'number', column: contactImports.updated },
    failed: { type: 'number', column: contactImports.failed },
    created_at: { type: 'timestamp', column: contactImports.createdAt },
    started_at: { type: 'timestamp', column: contactImports.startedAt },
    completed_at: { type: 'timestamp', column: contactImports.completedAt },
  },
  defaultSort: { field: 'created_at', direction: 'desc' },
  tieBreaker: contactImports.id,
};

// Everything but `errors` (up to 1,000 entries): lists stay small.
const summaryColumns = {
  id: contactImports.id,
  status: contactImports.status,
  filename: contactImports.filename,
  bytes: contactImports.bytes,
  totalRows: contactImports.totalRows,
  imported: contactImports.imported,
  updated: contactImports.updated,
  failed: contactImports.failed,
  errorMessage: contactImports.errorMessage,
  createdAt: contactImports.createdAt,
  startedAt: contactImports.startedAt,
  completedAt: contactImports.completedAt,
};

type SummaryRow = Pick<typeof contactImports.$inferSelect, keyof typeof summaryColumns>;

function toSummary(row: SummaryRow): ContactImportSummary {
  return {
    id: row.id,
    status: row.status,
    filename: row.filename,
    bytes: row.bytes,
    total_rows: row.totalRows,
    imported: row.imported,
    updated: row.updated,
    failed: row.failed,
    error_message: row.errorMessage,
    created_at: row.createdAt.toISOString(),
    started_at: iso(row.startedAt),
    completed_at: iso(row.completedAt),
  };
}

/**
 * Stores an upload in chunks as it streams in, then queues it for the `contact-import` worker.
 * An empty, oversized or broken upload leaves nothing behind.
 */
export async function createContactImport(
  ctx: OpContext,
  queues: Queues,
  upload: CsvUpload,
): Promise<ContactImportAccepted> {
  const [created] = await ctx.db
    .insert(contactImports)
    .values({
      accountId: ctx.accountId,
      filename: upload.filename,
      createdByUserId: ctx.actor.type === 'user' ? ctx.actor.userId : null,
    })
    .returning({ id: contactImports.id });
  const id = created!.id;
  try {
    const stored = await storeUploadChunks(ctx.db, id, upload.bytes, MAX_UPLOAD_BYTES);
    if (!stored.hasContent) {
      throw new ValidationError(
        'The CSV file is empty',
        [{ path: 'file', message: 'is empty' }],
        'empty_file',
      );
    }
    // One audit entry for the import, never one per row it upserts.
    await audited(
      ctx,
      (tx) =>
        tx.db
          .update(contactImports)
          .set({ status: 'queued', bytes: stored.bytes, updatedAt: new Date() })
          .where(and(eq(contactImports.id, id), eq(contactImports.status, 'receiving'))),
      () => ({
        action: 'contact_import.created',
        resourceType: 'contact_import',
        resourceId: id,
        changes: { bytes: { to: stored.bytes } },
      }),
    );
  } catch (error) {
    // Chunks go with their import (ON DELETE CASCADE).
    await ctx.db.delete(contactImports).where(eq(contactImports.id, id));
    throw error;
  }
  try {
    await queues.enqueue('contact-import', { importId: id, accountId: ctx.accountId });
  } catch (error) {
    // The upload is safe in PostgreSQL: the worker's sweep enqueues it once Redis answers again.
    ctx.logger.warn({ import_id: id, err: (error as Error).message }, 'contact import not enqueued yet');
  }
  ctx.logger.info({ import_id: id }, 'contact import queued');
  return { id, status: 'queued' };
}

/** One import of the account, with its first row errors; another account's id is not found. */
export async function getContactImport(ctx: OpContext, id: string): Promise<ContactImport> {
  const [row] = await ctx.db
    .select({ ...summaryColumns, errors: contactImports.errors })
    .from(contactImports)
    .where(and(eq(contactImports.id, id), eq(contactImports.accountId, ctx.accountId)));
  if (!row) throw new NotFoundError('Contact import');
  return { ...toSummary(row), errors: row.errors };
}

/** The account's imports, newest first by default, without their row errors. */
export async function listContactImports(ctx: OpContext, parsed: ParsedList) {
  const where = and(eq(contactImports.accountId, ctx.accountId), parsed.where);
  const [rows, counted] = await Promise.all([
    ctx.db
      .select(summaryColumns)
      .from(contactImports)
      .where(where)
      .orderBy(...parsed.orderBy)
      .limit(parsed.limit)
      .offset(parsed.offset),
    ctx.db.select({ total: count() }).from(contactImports).where(where),
  ]);
  return {
    items: rows.map(toSummary),
    total: counted[0]?.total ?? 0,
    // A few rows per account: always counted exactly.
    total_is_estimate: false,
    page: parsed.page,
    page_size: parsed.pageSize,
  };
}
